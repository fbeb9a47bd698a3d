package dev.occ.example.shop.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.testing.PostgresProxy;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The connection drops right after a move's COMMIT was sent: PostgreSQL committed, the app never
 * heard so (a {@link PostgresProxy} between them resets the connection before relaying the answer).
 * The outcome is unknown to the app; it must never turn that into a lost or doubled move, nor into
 * a 500, and a client that sends the move again with its Idempotency-Key must learn the truth
 * rather than get a false 409.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommitAnswerLostIntegrationTest {
  private static final int DROPPED_COMMITS = 5;

  private static ShopFleet fleet;

  @BeforeAll
  static void startApps() throws Exception {
    fleet = ShopFleet.throughProxy();
  }

  @AfterAll
  static void stopApps() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void lostCommitAnswersWithoutIdempotencyKeysLoseAndDoubleNothing() throws Exception {
    FaultRun.Result result =
        FaultRun.named("d) COMMIT answer lost ×" + DROPPED_COMMITS + ", no Idempotency-Key")
            .run(fleet, context -> dropCommits(context.requireProxy()));
    // Without a key a client cannot learn that its move was applied: a 503 OUTCOME_UNKNOWN, or a
    // 409 when it sends the move again, is all it can get. Nothing may be lost or doubled.
    result.assertInvariants();
  }

  @Test
  @Order(2)
  void lostCommitAnswersWithIdempotencyKeysNeverEndInAFalseConflict() throws Exception {
    FaultRun.Result result =
        FaultRun.named("d) COMMIT answer lost ×" + DROPPED_COMMITS + ", Idempotency-Key")
            .withIdempotencyKeys()
            .run(fleet, context -> dropCommits(context.requireProxy()));
    result.assertInvariants();
  }

  /** Drops the answers of a few COMMITs, one at a time, while the clients keep moving cards. */
  private static void dropCommits(PostgresProxy proxy) throws InterruptedException {
    int before = proxy.commitsDropped();
    for (int i = 1; i <= DROPPED_COMMITS; i++) {
      proxy.dropNextCommits(1);
      assertThat(proxy.awaitCommitsDropped(before + i, Duration.ofSeconds(15)))
          .as("COMMIT %s of %s reached the server and its answer was dropped", i, DROPPED_COMMITS)
          .isTrue();
      Thread.sleep(100);
    }
  }
}
