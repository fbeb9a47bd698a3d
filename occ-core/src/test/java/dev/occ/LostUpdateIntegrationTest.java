package dev.occ;

import static dev.occ.testing.ItemsTable.ITEMS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.testing.ItemsTable;
import dev.occ.testing.PgSessions;
import dev.occ.testing.PostgresItems;
import dev.occ.testing.RecordingListener;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The classic lost update on PostgreSQL: two writers read version v and both update expecting v.
 * Exactly one wins; the other learns of the winner's version instead of overwriting it.
 */
class LostUpdateIntegrationTest {
  private static PostgresItems db;
  private static Jdbi jdbi;

  private final ExecutorService other = Executors.newSingleThreadExecutor();
  private final RecordingListener listener = new RecordingListener();

  @BeforeAll
  static void createSchema() {
    db = PostgresItems.create("occ_lost");
    jdbi = db.jdbi();
  }

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  @AfterEach
  void stopThread() {
    other.shutdownNow();
  }

  @Test
  void underReadCommittedTheBlockedWriterReportsTheWinnersVersion() throws Exception {
    long id = db.newRow(1);
    Occ occ = Occ.builder(jdbi).listener(listener).build();
    long readByA = ItemsTable.version(jdbi, id).orElseThrow();
    long readByB = ItemsTable.version(jdbi, id).orElseThrow();

    RowVersion won;
    Future<RowVersion> loser;
    try (Handle a = jdbi.open()) {
      a.begin();
      won = occ.update(ITEMS).set("name", "A").whereId(id).expectVersion(readByA).execute(a);
      loser =
          other.submit(
              () ->
                  occ.update(ITEMS).set("name", "B").whereId(id).expectVersion(readByB).execute());
      // B's UPDATE must be waiting on A's row lock before A commits: that is the race under test.
      PgSessions.awaitBlockedBy(jdbi, PgSessions.pid(a), 1);
      a.commit();
    }

    VersionConflictException conflict = conflictOf(loser);
    assertThat(won.version()).isEqualTo(2);
    assertThat(conflict.expectedVersion()).isEqualTo(1);
    assertThat(conflict.actualVersion()).isEqualTo(won.version());
    assertThat(ItemsTable.version(jdbi, id)).hasValue(2);
    assertThat(ItemsTable.name(jdbi, id)).isEqualTo("A");
    // READ COMMITTED re-checks the WHERE clause after the wait: no error, so nothing to retry.
    assertThat(listener.retries()).isEmpty();
  }

  @Test
  void underRepeatableReadTheRetryAfterASerializationFailureEndsInAConflict() throws Exception {
    long id = db.newRow(1);
    Occ occ =
        Occ.builder(jdbi)
            .isolation(TransactionIsolationLevel.REPEATABLE_READ)
            .listener(listener)
            .build();
    long clientRead = ItemsTable.version(jdbi, id).orElseThrow();
    CountDownLatch snapshotTaken = new CountDownLatch(1);
    CountDownLatch winnerCommitted = new CountDownLatch(1);
    AtomicInteger attempts = new AtomicInteger();

    Future<RowVersion> loser =
        other.submit(
            () ->
                occ.inTransaction(
                    h -> {
                      // The first read fixes the snapshot; on the first attempt the winner commits
                      // after it.
                      ItemsTable.version(h, id);
                      if (attempts.incrementAndGet() == 1) {
                        snapshotTaken.countDown();
                        winnerCommitted.await();
                      }
                      return occ.update(ITEMS)
                          .set("name", "B")
                          .whereId(id)
                          .expectVersion(clientRead)
                          .execute(h);
                    }));
    assertThat(snapshotTaken.await(30, TimeUnit.SECONDS)).isTrue();
    RowVersion won =
        occ.update(ITEMS).set("name", "A").whereId(id).expectVersion(clientRead).execute();
    winnerCommitted.countDown();

    VersionConflictException conflict = conflictOf(loser);
    // Attempt 1 hit 40001 (the row changed after the snapshot); attempt 2 saw the winner's commit.
    assertThat(attempts).hasValue(2);
    assertThat(listener.retries())
        .containsExactly(new RecordingListener.Retry("items", "serialization_failure", 2));
    assertThat(conflict.expectedVersion()).isEqualTo(clientRead);
    assertThat(conflict.actualVersion()).isEqualTo(won.version()).isEqualTo(2);
    assertThat(ItemsTable.name(jdbi, id)).isEqualTo("A");
  }

  @Test
  void underRepeatableReadWithoutRetriesTheLoserGetsATransientFailureNotALostUpdate()
      throws Exception {
    long id = db.newRow(1);
    Occ occ =
        Occ.builder(jdbi)
            .isolation(TransactionIsolationLevel.REPEATABLE_READ)
            .retryPolicy(RetryPolicy.none())
            .listener(listener)
            .build();
    CountDownLatch snapshotTaken = new CountDownLatch(1);
    CountDownLatch winnerCommitted = new CountDownLatch(1);

    Future<RowVersion> loser =
        other.submit(
            () ->
                occ.inTransaction(
                    h -> {
                      ItemsTable.version(h, id);
                      snapshotTaken.countDown();
                      winnerCommitted.await();
                      return occ.update(ITEMS)
                          .set("name", "B")
                          .whereId(id)
                          .expectVersion(1)
                          .execute(h);
                    }));
    assertThat(snapshotTaken.await(30, TimeUnit.SECONDS)).isTrue();
    occ.update(ITEMS).set("name", "A").whereId(id).expectVersion(1).execute();
    winnerCommitted.countDown();

    Throwable failure = failureOf(loser);
    assertThat(failure)
        .isInstanceOfSatisfying(
            TransientFailureException.class,
            e -> {
              assertThat(e.sqlState()).isEqualTo("40001");
              assertThat(e.attempts()).isEqualTo(1);
            });
    assertThat(listener.retries()).isEmpty();
    assertThat(ItemsTable.version(jdbi, id)).hasValue(2);
    assertThat(ItemsTable.name(jdbi, id)).isEqualTo("A");
  }

  private static VersionConflictException conflictOf(Future<?> future) throws Exception {
    Throwable failure = failureOf(future);
    assertThat(failure).isInstanceOf(VersionConflictException.class);
    return (VersionConflictException) failure;
  }

  private static Throwable failureOf(Future<?> future) throws Exception {
    try {
      Object result = future.get(30, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + result);
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }
}
