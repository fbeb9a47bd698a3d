package dev.occ;

import static dev.occ.testing.ItemsTable.ITEMS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.testing.ItemsTable;
import dev.occ.testing.PostgresItems;
import dev.occ.testing.RecordingListener;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real deadlock on PostgreSQL: two transactions update two rows in opposite order. PostgreSQL
 * aborts one with 40P01; occ re-runs that whole transaction, and both end up applied.
 */
class DeadlockIntegrationTest {
  private static PostgresItems db;
  private static Jdbi jdbi;

  @BeforeAll
  static void createSchema() {
    db = PostgresItems.create("occ_deadlock");
    jdbi = db.jdbi();
  }

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  @Test
  void theDeadlockVictimIsRetriedAndBothTransactionsSucceed() throws Exception {
    long first = db.newRow(1);
    long second = db.newRow(1);
    RecordingListener listener = new RecordingListener();
    Occ occ = Occ.builder(jdbi).listener(listener).build();
    // Counted down once per transaction after it holds its first row lock; on a retry the latch
    // is already open, so the re-run goes straight through.
    CountDownLatch bothHoldOneLock = new CountDownLatch(2);
    AtomicInteger runs = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<List<Long>> forward =
          pool.submit(
              () -> occ.inTransaction(h -> transfer(occ, h, first, second, bothHoldOneLock, runs)));
      Future<List<Long>> backward =
          pool.submit(
              () -> occ.inTransaction(h -> transfer(occ, h, second, first, bothHoldOneLock, runs)));

      List<Long> a = forward.get(60, TimeUnit.SECONDS);
      List<Long> b = backward.get(60, TimeUnit.SECONDS);

      // One transaction committed both rows at 2; the victim, re-run after it, moved both to 3.
      assertThat(List.of(a, b)).containsExactlyInAnyOrder(List.of(2L, 2L), List.of(3L, 3L));
    } finally {
      pool.shutdownNow();
    }
    assertThat(runs).as("transaction runs").hasValue(3);
    assertThat(listener.retries())
        .containsExactly(new RecordingListener.Retry("items", "deadlock", 2));
    // The 40P01 surfaced in the victim's versioned update, which reported an error.
    assertThat(listener.completed())
        .filteredOn(c -> c.outcome() == Outcome.ERROR)
        .containsExactly(new RecordingListener.Completed("items", Operation.UPDATE, Outcome.ERROR));
    assertThat(ItemsTable.version(jdbi, first)).hasValue(3);
    assertThat(ItemsTable.version(jdbi, second)).hasValue(3);
  }

  /**
   * Updates one row, waits until the other transaction holds its first lock, then the other row.
   */
  private static List<Long> transfer(
      Occ occ, Handle h, long from, long to, CountDownLatch bothHoldOneLock, AtomicInteger runs)
      throws InterruptedException {
    runs.incrementAndGet();
    // Detect the deadlock after 100 ms instead of the server's default 1 s (superuser only).
    h.execute("SET LOCAL deadlock_timeout = '100ms'");
    // Lock the first row while reading it: a re-run then waits for the survivor's commit here
    // and reads its version, instead of racing it into a (legitimate) version conflict.
    long v1 = update(occ, h, from, ItemsTable.lockedVersion(h, from));
    bothHoldOneLock.countDown();
    if (!bothHoldOneLock.await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the other transaction never took its first lock");
    }
    // A plain read, so the deadlock is raised by occ's UPDATE inside execute(handle).
    long v2 = update(occ, h, to, ItemsTable.version(h, to).orElseThrow());
    return List.of(v1, v2);
  }

  private static long update(Occ occ, Handle h, long id, long expected) {
    return occ.update(ITEMS)
        .set("name", "moved")
        .whereId(id)
        .expectVersion(expected)
        .execute(h)
        .version();
  }
}
