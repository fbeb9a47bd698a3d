package dev.occ;

import static dev.occ.testing.ItemsTable.ITEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.occ.testing.CommitFaults;
import dev.occ.testing.CommitFaults.Fault;
import dev.occ.testing.ItemsTable;
import dev.occ.testing.MariaDbItems;
import dev.occ.testing.RecordingListener;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Invariant 7 and the connection half of invariant 4 on MariaDB, which keeps no record of a
 * transaction's outcome that occ could ask for: a session ended before COMMIT was sent is retried
 * on a fresh connection, and a COMMIT whose answer was lost is always {@link
 * OutcomeUnknownException} — never a success, a plain failure or a blind retry, whether the server
 * committed or not.
 */
class MariaDbCommitOutcomeIntegrationTest {
  private static MariaDbItems db;
  private static CommitFaults faults;
  private static Jdbi faulty;

  private final RecordingListener listener = new RecordingListener();

  @BeforeAll
  static void createDatabase() {
    db = MariaDbItems.create("occ_commit");
    faults = new CommitFaults(db.url(), db.user(), db.password());
    faulty = Jdbi.create(faults);
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  private Occ occ() {
    return Occ.builder(faulty).listener(listener).build();
  }

  private static RowVersion update(Occ occ, long id, long expected) {
    return occ.update(ITEMS).set("name", "changed").whereId(id).expectVersion(expected).execute();
  }

  @Test
  void aCommitWhoseAnswerWasLostAfterItCommittedIsAnUnknownOutcomeNeverRetried() {
    long id = db.newRow(1);
    faults.failNextCommit(Fault.LOSE_ANSWER_AFTER_COMMIT);

    assertThatThrownBy(() -> update(occ(), id, 1))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> {
              assertThat(e.committed()).isNull();
              assertThat(e.transactionId()).isNull();
            });

    assertThat(listener.retries()).isEmpty();
    // It did commit: occ could not prove it, so it said "unknown", neither "done" nor "failed".
    assertThat(ItemsTable.version(db.jdbi(), id)).hasValue(2);
    assertThat(faults.pending()).isZero();
  }

  @Test
  void aCommitLostOnItsWayToTheServerIsAnUnknownOutcomeToo() {
    long id = db.newRow(1);
    faults.failNextCommit(Fault.LOSE_BEFORE_COMMIT);

    // occ only sees that COMMIT's answer did not come; on MariaDB nobody can tell it more.
    assertThatThrownBy(() -> update(occ(), id, 1)).isInstanceOf(OutcomeUnknownException.class);

    assertThat(listener.retries()).isEmpty();
    assertThat(ItemsTable.version(db.jdbi(), id)).hasValue(1);
  }

  @Test
  void aSessionKilledBeforeCommitIsRetriedOnAFreshConnection() {
    long id = db.newRow(1);
    Occ occ = occ();
    AtomicInteger calls = new AtomicInteger();

    RowVersion written =
        occ.inTransaction(
            h -> {
              if (calls.incrementAndGet() == 1) {
                long session = connectionId(h);
                db.jdbi().useHandle(admin -> admin.execute("KILL CONNECTION " + session));
              }
              return update(h, occ, id);
            });

    assertThat(written.version()).isEqualTo(2);
    assertThat(calls).hasValue(2);
    assertThat(listener.retries())
        .extracting(RecordingListener.Retry::reason)
        .containsExactly("connection_lost");
    assertThat(ItemsTable.version(db.jdbi(), id)).hasValue(2);
  }

  private static RowVersion update(Handle h, Occ occ, long id) {
    return occ.update(ITEMS).set("name", "changed").whereId(id).expectVersion(1).execute(h);
  }

  private static long connectionId(Handle h) {
    return h.createQuery("SELECT CONNECTION_ID()").mapTo(Long.class).one();
  }
}
