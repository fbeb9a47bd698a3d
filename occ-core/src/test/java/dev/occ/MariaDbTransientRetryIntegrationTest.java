package dev.occ;

import static dev.occ.testing.ItemsTable.ITEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import dev.occ.BatchOutcome.Status;
import dev.occ.internal.TransientErrors;
import dev.occ.micrometer.MicrometerOccListener;
import dev.occ.testing.ItemsTable;
import dev.occ.testing.MariaDbInjectedFailures;
import dev.occ.testing.MariaDbItems;
import dev.occ.testing.RecordingListener;
import dev.occ.testing.RecordingListener.Completed;
import dev.occ.testing.RecordingListener.Retry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Invariant 4 on MariaDB with errors raised by a trigger, as InnoDB raises a deadlock (1213 /
 * 40001), a lock wait timeout (1205 / HY000) and a changed record (1020 / HY000), and as Galera
 * reports a lost certification (1213 / 40001): occ re-runs the whole transaction within its policy,
 * counts each re-run in {@code occ.retries}, and never turns a failed attempt into a false success
 * or a false conflict. Permanent errors are not retried. The trigger fires after the row changed,
 * so an attempt that was not rolled back would leave its mark.
 */
class MariaDbTransientRetryIntegrationTest {
  /** Retries without waiting long: the delays are not what these tests are about. */
  private static final RetryPolicy FOUR_ATTEMPTS =
      RetryPolicy.builder()
          .maxAttempts(4)
          .baseDelay(Duration.ofMillis(1))
          .maxDelay(Duration.ofMillis(5))
          .build();

  private static MariaDbItems db;
  private static Jdbi jdbi;
  private static MariaDbInjectedFailures failures;

  private final RecordingListener listener = new RecordingListener();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeAll
  static void createDatabase() {
    db = MariaDbItems.create("occ_mdb_retry");
    jdbi = db.jdbi();
    failures = MariaDbInjectedFailures.install(jdbi);
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  private Occ occ(RetryPolicy policy) {
    return Occ.builder(jdbi)
        .retryPolicy(policy)
        .listener(listener)
        .listener(MicrometerOccListener.create(registry))
        .build();
  }

  private static RowVersion update(Occ occ, long id) {
    return occ.update(ITEMS).set("name", "changed").whereId(id).expectVersion(1).execute();
  }

  /**
   * The reason occ gives the error the trigger raises; which name a 1213 gets is the core's call.
   */
  private static String reasonOf(String sqlState, int errorNumber) {
    return new TransientErrors(RetryPolicy.DEFAULT)
        .reason(new SQLException("injected", sqlState, errorNumber));
  }

  private double retriesCounted(String reason) {
    Counter counter =
        registry
            .find(MicrometerOccListener.RETRIES_COUNTER)
            .tags("table", "items", "reason", reason)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  @ParameterizedTest
  @CsvSource({"40001, 1213", "HY000, 1205", "HY000, 1020"})
  void transientErrorsAreRetriedWithinThePolicyAndCounted(String sqlState, int errorNumber) {
    long id = db.newRow(1);
    failures.failNextUpdates(sqlState, errorNumber, 3);

    RowVersion v = update(occ(FOUR_ATTEMPTS), id);

    String reason = reasonOf(sqlState, errorNumber);
    assertThat(reason).as("occ's reason for %s / %d", sqlState, errorNumber).isNotNull();
    // Raised by a statement, not by COMMIT: whatever it is, it is not a lost certification.
    assertThat(reason).isNotEqualTo("certification_failure");
    assertThat(v.version()).isEqualTo(2);
    assertThat(failures.attempts()).as("row updates tried").isEqualTo(4);
    assertThat(listener.retries())
        .containsExactly(
            new Retry("items", reason, 2),
            new Retry("items", reason, 3),
            new Retry("items", reason, 4));
    assertThat(retriesCounted(reason)).as("occ.retries{reason=%s}", reason).isEqualTo(3);
    assertThat(listener.completed())
        .containsExactly(new Completed("items", Operation.UPDATE, Outcome.SUCCESS));
    assertThat(ItemsTable.version(jdbi, id)).hasValue(2);
    assertThat(ItemsTable.name(jdbi, id)).isEqualTo("changed");
  }

  @Test
  void aDeadlockThatOutlastsThePolicySurfacesWithItsFactsAndChangesNothing() {
    long id = db.newRow(1);
    failures.failNextUpdates("40001", 1213, 2);

    Throwable thrown = catchThrowable(() -> update(occ(RetryPolicy.DEFAULT), id));

    assertThat(thrown)
        .isInstanceOfSatisfying(
            TransientFailureException.class,
            e -> {
              assertThat(e.sqlState()).isEqualTo("40001");
              assertThat(e.vendorCode()).isEqualTo(1213);
              assertThat(e.attempts()).isEqualTo(2);
              assertThat(e.table()).isEqualTo("items");
            });
    assertThat(failures.attempts()).isEqualTo(2);
    assertThat(listener.retries()).containsExactly(new Retry("items", reasonOf("40001", 1213), 2));
    assertThat(retriesCounted(reasonOf("40001", 1213))).isEqualTo(1);
    assertThat(listener.completed())
        .containsExactly(new Completed("items", Operation.UPDATE, Outcome.ERROR));
    assertThat(ItemsTable.version(jdbi, id)).hasValue(1);
    assertThat(ItemsTable.name(jdbi, id)).isEqualTo("initial");
  }

  @ParameterizedTest
  @CsvSource({"23000, 1062", "42000, 1064", "45000, 1644", "22003, 1264"})
  void permanentErrorsAreNotRetried(String sqlState, int errorNumber) {
    long id = db.newRow(1);
    failures.failNextUpdates(sqlState, errorNumber, 1);

    Throwable thrown = catchThrowable(() -> update(occ(FOUR_ATTEMPTS), id));

    assertThat(thrown).isNotNull().isNotInstanceOf(TransientFailureException.class);
    SQLException cause = TransientErrors.firstSqlException(thrown);
    assertThat((Throwable) cause).as("the SQLException under %s", thrown).isNotNull();
    assertThat(cause.getSQLState()).isEqualTo(sqlState);
    assertThat(cause.getErrorCode()).isEqualTo(errorNumber);
    assertThat(failures.attempts()).isEqualTo(1);
    assertThat(listener.retries()).isEmpty();
    assertThat(registry.find(MicrometerOccListener.RETRIES_COUNTER).counters()).isEmpty();
    assertThat(listener.completed())
        .containsExactly(new Completed("items", Operation.UPDATE, Outcome.ERROR));
    assertThat(ItemsTable.version(jdbi, id)).hasValue(1);
  }

  @Test
  void aBatchThatFailsAfterItsFirstRowIsReRunWholeWithoutFalseConflicts() {
    long first = db.newRow(1);
    long second = db.newRow(1);
    long third = db.newRow(1);
    // The first row's update succeeds, the second's fails: the first must be rolled back with it,
    // or the re-run would find that row already at version 2 and report a conflict.
    failures.failUpdates("40001", 1213, 1, 1);

    List<BatchOutcome> outcomes =
        occ(FOUR_ATTEMPTS)
            .batchUpdate(ITEMS)
            .add(first, 1, Map.of("name", "batch"))
            .add(second, 1, Map.of("name", "batch"))
            .add(third, 1, Map.of("name", "batch"))
            .execute();

    assertThat(outcomes)
        .extracting(BatchOutcome::status, BatchOutcome::version)
        .containsOnly(tuple(Status.UPDATED, 2L));
    assertThat(outcomes).hasSize(3);
    // Connector/J pipelines a batch, so the server may run the third row's update of the failed
    // attempt too: 2 or 3 row updates, then the re-run's 3.
    assertThat(failures.attempts()).as("row updates tried").isBetween(5L, 6L);
    assertThat(listener.retries()).containsExactly(new Retry("items", reasonOf("40001", 1213), 2));
    for (long id : List.of(first, second, third)) {
      assertThat(ItemsTable.version(jdbi, id)).as("row %d", id).hasValue(2);
      assertThat(ItemsTable.name(jdbi, id)).as("row %d", id).isEqualTo("batch");
    }
  }

  @Test
  void aTransactionOfTwoUpdatesIsReRunWholeWithoutFalseConflicts() {
    long first = db.newRow(1);
    long second = db.newRow(1);
    failures.failUpdates("40001", 1213, 1, 1);
    Occ occ = occ(FOUR_ATTEMPTS);

    List<Long> versions =
        occ.inTransaction(
            h ->
                List.of(
                    occ.update(ITEMS)
                        .set("name", "both")
                        .whereId(first)
                        .expectVersion(1)
                        .execute(h)
                        .version(),
                    occ.update(ITEMS)
                        .set("name", "both")
                        .whereId(second)
                        .expectVersion(1)
                        .execute(h)
                        .version()));

    assertThat(versions).containsExactly(2L, 2L);
    assertThat(failures.attempts()).as("row updates tried: 2, then the re-run's 2").isEqualTo(4);
    assertThat(listener.retries()).hasSize(1);
    assertThat(listener.retries().get(0).attempt()).isEqualTo(2);
    assertThat(ItemsTable.version(jdbi, first)).hasValue(2);
    assertThat(ItemsTable.version(jdbi, second)).hasValue(2);
  }

  @Test
  void insideTheCallersTransactionNothingIsRetried() {
    long id = db.newRow(1);
    failures.failNextUpdates("40001", 1213, 1);
    Occ occ = occ(FOUR_ATTEMPTS);

    // Only the caller can re-run its whole transaction.
    Throwable thrown =
        catchThrowable(
            () ->
                jdbi.useTransaction(
                    h ->
                        occ.update(ITEMS)
                            .set("name", "changed")
                            .whereId(id)
                            .expectVersion(1)
                            .execute(h)));

    assertThat(thrown)
        .isInstanceOfSatisfying(
            TransientFailureException.class, e -> assertThat(e.attempts()).isEqualTo(1));
    assertThat(failures.attempts()).isEqualTo(1);
    assertThat(listener.retries()).isEmpty();
    assertThat(ItemsTable.version(jdbi, id)).hasValue(1);
  }
}
