package dev.occ.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The moves-only mix, one iteration at a time against {@link FakeShopServer}: a user moves from the
 * version it last saw, learns the current one from a 409, and reads the board again only after an
 * error.
 */
class MovesMixTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 1, 1);

  private static VirtualUser user(
      FakeShopServer app, LoadOptions.Mix mix, @Nullable Set<String> hot, long seed) {
    ShopClient client = new ShopClient(app.url(), Duration.ofSeconds(10), null);
    VirtualUser user =
        new VirtualUser(client, TODAY, TODAY.plusDays(1), hot, mix, new SplittableRandom(seed));
    user.prepare();
    return user;
  }

  @Test
  void aLoneUserMovesFromItsOwnLastVersionWithoutReadingTheBoardAgain() throws Exception {
    try (FakeShopServer app = new FakeShopServer(5, FakeShopServer.Behaviour.CORRECT)) {
      VirtualUser user = user(app, LoadOptions.Mix.MOVES, null, 1);

      for (int i = 0; i < 40; i++) {
        user.iterate(System.nanoTime(), true);
      }

      Tally t = user.tally();
      assertThat(t.boardRequests).isZero();
      assertThat(t.moveRequests).isEqualTo(40);
      assertThat(t.acknowledged).isEqualTo(40);
      assertThat(t.conflicts).isZero();
      assertThat(t.move.getTotalCount()).isEqualTo(40);
      // Each card's moves form one chain: every move starts at the version the last one answered.
      Map<String, Long> last = new HashMap<>();
      for (Ack a : t.acks) {
        assertThat(a.fromVersion()).isEqualTo(last.getOrDefault(a.cardId(), 1L));
        assertThat(a.toVersion()).isEqualTo(a.fromVersion() + 1);
        last.put(a.cardId(), a.toVersion());
      }
    }
  }

  @Test
  void aConflictTeachesTheCurrentVersionAndTheNextMoveSucceeds() throws Exception {
    try (FakeShopServer app = new FakeShopServer(5, FakeShopServer.Behaviour.CORRECT)) {
      VirtualUser a = user(app, LoadOptions.Mix.MOVES, Set.of("1"), 1);
      VirtualUser b = user(app, LoadOptions.Mix.MOVES, Set.of("1"), 2);

      a.iterate(System.nanoTime(), true); // card 1: v1 -> v2
      b.iterate(System.nanoTime(), true); // b still holds v1: 409 with v2
      b.iterate(System.nanoTime(), true); // v2 -> v3

      assertThat(a.tally().acks)
          .extracting(Ack::fromVersion, Ack::toVersion)
          .containsExactly(tuple(1L, 2L));
      assertThat(b.tally().conflicts).isEqualTo(1);
      assertThat(b.tally().retries).isZero();
      assertThat(b.tally().acks)
          .extracting(Ack::fromVersion, Ack::toVersion)
          .containsExactly(tuple(2L, 3L));
      assertThat(b.tally().boardRequests).isZero();
      assertThat(b.tally().errors() + b.tally().unexpected).isZero();
    }
  }

  @Test
  void onlyAnErrorMakesTheUserReadTheBoardAgain() throws Exception {
    try (FakeShopServer app =
        new FakeShopServer(5, FakeShopServer.Behaviour.CORRECT).failMovesAfter(3)) {
      VirtualUser user = user(app, LoadOptions.Mix.MOVES, null, 1);

      for (int i = 0; i < 4; i++) {
        user.iterate(System.nanoTime(), true);
      }
      long boardsAfterTheFirstError = user.tally().boardRequests;
      user.iterate(System.nanoTime(), true);

      assertThat(user.tally().acknowledged).isEqualTo(3);
      assertThat(user.tally().serverErrors).isEqualTo(2);
      assertThat(boardsAfterTheFirstError).isZero();
      assertThat(user.tally().boardRequests).isEqualTo(1);
      assertThat(user.tally().samples).first().asString().contains("HTTP 500");
    }
  }

  @Test
  void theBoardAndMoveMixStillReadsTheBoardEveryIteration() throws Exception {
    try (FakeShopServer app = new FakeShopServer(5, FakeShopServer.Behaviour.CORRECT)) {
      VirtualUser user = user(app, LoadOptions.Mix.BOARD_AND_MOVE, null, 1);

      for (int i = 0; i < 10; i++) {
        user.iterate(System.nanoTime(), true);
      }

      assertThat(user.tally().boardRequests).isEqualTo(10);
      assertThat(user.tally().acknowledged).isEqualTo(10);
      assertThat(app.moveRequests()).isEqualTo(10);
    }
  }
}
