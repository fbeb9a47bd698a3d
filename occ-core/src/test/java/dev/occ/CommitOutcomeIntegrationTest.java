package dev.occ;

import static dev.occ.testing.ItemsTable.ITEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.occ.testing.CommitFaults;
import dev.occ.testing.CommitFaults.Fault;
import dev.occ.testing.ItemsTable;
import dev.occ.testing.PgSessions;
import dev.occ.testing.PostgresItems;
import dev.occ.testing.RecordingListener;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Invariant 7 and the connection half of invariant 4 on PostgreSQL: a connection lost before COMMIT
 * was sent is retried on a fresh connection; one lost after COMMIT was sent is never retried
 * blindly nor reported as a plain failure: occ asks the server (txid_status) and answers with the
 * truth, or reports {@link OutcomeUnknownException}.
 */
class CommitOutcomeIntegrationTest {
  private static PostgresItems db;
  private static CommitFaults faults;
  private static Jdbi faulty;

  private final RecordingListener listener = new RecordingListener();

  @BeforeAll
  static void createSchema() {
    db = PostgresItems.create("occ_commit");
    faults = new CommitFaults(db.url(), db.user(), db.password());
    faulty = Jdbi.create(faults);
  }

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  private Occ occ(RetryPolicy policy) {
    return Occ.builder(faulty).retryPolicy(policy).listener(listener).build();
  }

  private static RowVersion update(Occ occ, long id, long expected) {
    return occ.update(ITEMS).set("name", "changed").whereId(id).expectVersion(expected).execute();
  }

  @Test
  void aLostCommitThatNeverReachedTheServerIsProvenRolledBackAndRetried() {
    long id = db.newRow(1);
    // occ only sees that COMMIT's answer did not come; the server says the transaction aborted.
    faults.failNextCommit(Fault.LOSE_BEFORE_COMMIT);

    RowVersion written = update(occ(RetryPolicy.DEFAULT), id, 1);

    assertThat(written.version()).isEqualTo(2);
    assertThat(ItemsTable.version(db.jdbi(), id)).hasValue(2);
    assertThat(listener.retries())
        .containsExactly(new RecordingListener.Retry("items", "connection_lost", 2));
    assertThat(faults.pending()).isZero();
  }

  @Test
  void aCommitWhoseAnswerWasLostIsFoundCommittedAndAcknowledgedOnce() {
    long id = db.newRow(1);
    faults.failNextCommit(Fault.LOSE_ANSWER_AFTER_COMMIT);

    RowVersion written = update(occ(RetryPolicy.DEFAULT), id, 1);

    // Not retried (a retry would now meet version 2 and report a false conflict), not failed.
    assertThat(written.version()).isEqualTo(2);
    assertThat(written.updatedAt()).isNotNull();
    assertThat(ItemsTable.version(db.jdbi(), id)).hasValue(2);
    assertThat(listener.retries()).isEmpty();
    assertThat(listener.completed())
        .containsExactly(
            new RecordingListener.Completed("items", Operation.UPDATE, Outcome.SUCCESS));
  }

  @Test
  void aCommitFailureWithoutAnySqlStateIsAskedAboutNotReportedAsAFailure() {
    long id = db.newRow(1);
    faults.failNextCommit(Fault.LOSE_ANSWER_AFTER_COMMIT_WITHOUT_STATE);

    RowVersion written = update(occ(RetryPolicy.DEFAULT), id, 1);

    assertThat(written.version()).isEqualTo(2);
    assertThat(ItemsTable.version(db.jdbi(), id)).hasValue(2);
    assertThat(listener.retries()).isEmpty();
  }

  @Test
  void anAmbiguousCommitResultIsAnUnknownOutcomeNeverRetried() {
    long id = db.newRow(1);
    faults.failNextCommit(Fault.AMBIGUOUS_RESULT);

    assertThatThrownBy(() -> update(occ(RetryPolicy.DEFAULT), id, 1))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class, e -> assertThat(e.committed()).isNull());
    assertThat(listener.retries()).isEmpty();
    assertThat(ItemsTable.version(db.jdbi(), id)).hasValue(2);
  }

  @Test
  void anInsertWhoseAnswerWasLostIsFoundCommittedAndNotInsertedTwice() {
    long id = db.missingId() - 1_000_000;
    faults.failNextCommit(Fault.LOSE_ANSWER_AFTER_COMMIT);

    RowVersion inserted =
        occ(RetryPolicy.DEFAULT).insert(ITEMS).value("id", id).value("name", "new").execute();

    assertThat(inserted.version()).isEqualTo(ITEMS.initialVersion());
    assertThat(ItemsTable.version(db.jdbi(), id)).hasValue(ITEMS.initialVersion());
    assertThat(listener.retries()).isEmpty();
  }

  @Test
  void anUnreachableServerAfterALostCommitAnswerIsOutcomeUnknown() {
    long id = db.newRow(1);
    Occ occ = occ(RetryPolicy.builder().outcomeResolutionTimeout(Duration.ofMillis(300)).build());
    faults.failNextCommit(Fault.LOSE_ANSWER_AFTER_COMMIT);
    AtomicInteger calls = new AtomicInteger();

    try {
      assertThatThrownBy(
              () ->
                  occ.inTransaction(
                      h -> {
                        calls.incrementAndGet();
                        RowVersion v =
                            occ.update(ITEMS)
                                .set("name", "changed")
                                .whereId(id)
                                .expectVersion(1)
                                .execute(h);
                        // The server goes away once the write is done: COMMIT's answer is lost and
                        // nobody can be asked what became of it.
                        faults.refuseConnectionsFor(60_000);
                        return v;
                      }))
          .isInstanceOfSatisfying(
              OutcomeUnknownException.class,
              e -> {
                assertThat(e.transactionId()).isNotNull().isPositive();
                assertThat(e.committed()).isNull();
              });
    } finally {
      faults.acceptConnections();
    }

    assertThat(calls).hasValue(1);
    assertThat(listener.retries()).isEmpty();
    // It did commit; occ could not prove it, so it said "unknown", not "failed".
    assertThat(ItemsTable.version(db.jdbi(), id)).hasValue(2);
  }

  @Test
  void aSessionTheServerEndsMidTransactionIsRetriedOnAFreshConnection() {
    long id = db.newRow(1);
    Occ occ = occ(RetryPolicy.DEFAULT);
    AtomicInteger calls = new AtomicInteger();

    RowVersion written =
        occ.inTransaction(
            h -> {
              if (calls.incrementAndGet() == 1) {
                int pid = PgSessions.pid(h);
                db.jdbi().useHandle(admin -> admin.execute("SELECT pg_terminate_backend(?)", pid));
              }
              return occ.update(ITEMS)
                  .set("name", "changed")
                  .whereId(id)
                  .expectVersion(1)
                  .execute(h);
            });

    assertThat(written.version()).isEqualTo(2);
    assertThat(calls).hasValue(2);
    assertThat(listener.retries())
        .extracting(RecordingListener.Retry::reason)
        .containsExactly("connection_lost");
  }

  @Test
  void inTheCallersTransactionALostConnectionIsNotRetried() {
    long id = db.newRow(1);
    Occ occ = occ(RetryPolicy.DEFAULT);

    assertThatThrownBy(
            () ->
                faulty.useTransaction(
                    h -> {
                      int pid = PgSessions.pid(h);
                      db.jdbi()
                          .useHandle(admin -> admin.execute("SELECT pg_terminate_backend(?)", pid));
                      occ.update(ITEMS).set("name", "x").whereId(id).expectVersion(1).execute(h);
                    }))
        .isNotInstanceOf(TransientFailureException.class)
        .isNotInstanceOf(OutcomeUnknownException.class);
    assertThat(listener.retries()).isEmpty();
    assertThat(ItemsTable.version(db.jdbi(), id)).hasValue(1);
  }
}
