package dev.occ.micrometer;

import static dev.occ.testing.ItemsTable.ITEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.occ.BatchOutcome;
import dev.occ.Occ;
import dev.occ.OccListener;
import dev.occ.Operation;
import dev.occ.Outcome;
import dev.occ.RetryPolicy;
import dev.occ.RowNotFoundException;
import dev.occ.TransientFailureException;
import dev.occ.VersionConflictException;
import dev.occ.testing.ItemsTable;
import dev.occ.testing.RecordingListener;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * occ's observations on a real database: one per operation, started before it and stopped after it,
 * retries included; named and tagged by table, operation and outcome; current while the operation
 * runs; each retry an event on the operation that is re-run. One subclass per database.
 */
abstract class MicrometerOccObserverContract {
  private static final AtomicLong NEXT_ID = new AtomicLong(1);

  TestObservationRegistry registry;
  ObservationRecorder recorder;

  /**
   * A Jdbi on a database with the {@code items} table whose lock waits end in a fraction of a
   * second.
   */
  abstract Jdbi jdbi();

  /** A retry policy under which the database's lock timeout is transient. */
  abstract RetryPolicy retryPolicy();

  /** The retry reason occ gives the database's lock timeout. */
  abstract String lockTimeoutReason();

  @BeforeEach
  void observe() {
    registry = TestObservationRegistry.create();
    recorder = new ObservationRecorder();
    registry.observationConfig().observationHandler(recorder);
  }

  Occ occ(OccListener... listeners) {
    Occ.Builder builder =
        Occ.builder(jdbi())
            .retryPolicy(retryPolicy())
            .observer(MicrometerOccObserver.create(registry));
    for (OccListener l : listeners) {
      builder.listener(l);
    }
    return builder.build();
  }

  long newRow(long version) {
    long id = NEXT_ID.getAndIncrement();
    ItemsTable.insert(jdbi(), id, version);
    return id;
  }

  @Test
  void aSuccessfulUpdateIsOneObservationTaggedSuccess() {
    long id = newRow(1);

    occ().update(ITEMS).set("name", "b").whereId(id).expectVersion(1).execute();

    assertThat(registry)
        .hasSingleObservationThat()
        .hasNameEqualTo("occ.operation")
        .hasContextualNameEqualTo("occ update items")
        .hasLowCardinalityKeyValue("table", "items")
        .hasLowCardinalityKeyValue("operation", "update")
        .hasLowCardinalityKeyValue("outcome", "success")
        .doesNotHaveError()
        .doesNotHaveEvent("retry")
        .hasBeenStarted()
        .hasBeenStopped();
  }

  @Test
  void aConflictIsTaggedConflictAndIsNoError() {
    long id = newRow(5);

    assertThatThrownBy(
            () -> occ().update(ITEMS).set("name", "b").whereId(id).expectVersion(4).execute())
        .isInstanceOf(VersionConflictException.class);

    assertThat(registry)
        .hasSingleObservationThat()
        .hasLowCardinalityKeyValue("table", "items")
        .hasLowCardinalityKeyValue("operation", "update")
        .hasLowCardinalityKeyValue("outcome", "conflict")
        .doesNotHaveError()
        .hasBeenStopped();
  }

  @Test
  void aMissingRowIsTaggedNotFound() {
    assertThatThrownBy(
            () -> occ().update(ITEMS).set("name", "b").whereId(-1L).expectVersion(1).execute())
        .isInstanceOf(RowNotFoundException.class);
    assertThatThrownBy(() -> occ().delete(ITEMS).whereId(-1L).expectVersion(1).execute())
        .isInstanceOf(RowNotFoundException.class);

    assertThat(recorder.stopped())
        .extracting(c -> c.getOperation() + " " + c.getOutcome() + " " + (c.getError() != null))
        .containsExactly("UPDATE NOT_FOUND false", "DELETE NOT_FOUND false");
  }

  @Test
  void eachKindOfOperationIsObservedUnderItsName() {
    Occ occ = occ();
    long id = NEXT_ID.getAndIncrement();
    long other = newRow(1);
    long counted = newRow(1);

    occ.insert(ITEMS).value("id", id).value("name", "new").execute();
    occ.delete(ITEMS).whereId(id).expectVersion(1).execute();
    List<BatchOutcome> batch = occ.batchUpdate(ITEMS).add(other, 1, Map.of("name", "b")).execute();
    occ.modify(ITEMS, counted)
        .apply(row -> Map.of("counter", ((Number) row.get("counter")).longValue() + 1));

    assertThat(batch).hasSize(1);
    assertThat(recorder.stopped())
        .extracting(
            c ->
                c.getLowCardinalityKeyValue("operation").getValue()
                    + " "
                    + c.getLowCardinalityKeyValue("outcome").getValue()
                    + " "
                    + c.getContextualName())
        .containsExactly(
            "insert success occ insert items",
            "delete success occ delete items",
            "batch_update success occ batch_update items",
            "modify success occ modify items");
    assertThat(ItemsTable.counter(jdbi(), counted)).isEqualTo(1);
  }

  @Test
  void theOperationIsTheCurrentObservationWhileItsStatementsRun() {
    long id = newRow(1);
    List<@Nullable Observation> currentAtStatements = new CopyOnWriteArrayList<>();
    SqlLogger previous = jdbi().getConfig(SqlStatements.class).getSqlLogger();
    jdbi()
        .setSqlLogger(
            new SqlLogger() {
              @Override
              public void logBeforeExecution(StatementContext context) {
                currentAtStatements.add(registry.getCurrentObservation());
              }
            });
    try {
      occ().update(ITEMS).set("name", "b").whereId(id).expectVersion(1).execute();
    } finally {
      jdbi().setSqlLogger(previous);
    }

    assertThat(currentAtStatements).isNotEmpty();
    assertThat(currentAtStatements)
        .allSatisfy(
            o -> {
              assertThat(o).isNotNull();
              assertThat(o.getContext()).isSameAs(recorder.stopped().get(0));
            });
    assertThat(registry.getCurrentObservation()).isNull();
  }

  @Test
  void aTransactionIsTheParentOfTheOperationsInIt() {
    long id = newRow(1);
    Occ occ = occ();
    AtomicInteger sawItself = new AtomicInteger();

    occ.inTransaction(
        h -> {
          Observation current = registry.getCurrentObservation();
          if (current != null
              && current.getContext() instanceof OccObservationContext c
              && c.getOperation() == Operation.TRANSACTION) {
            sawItself.incrementAndGet();
          }
          return occ.update(ITEMS).set("name", "b").whereId(id).expectVersion(1).execute(h);
        });

    assertThat(sawItself).hasValue(1);
    List<OccObservationContext> stopped = recorder.stopped();
    assertThat(stopped).hasSize(2);
    OccObservationContext update = stopped.get(0);
    OccObservationContext transaction = stopped.get(1);
    assertThat(update.getOperation()).isEqualTo(Operation.UPDATE);
    assertThat(update.getParentObservation()).isNotNull();
    assertThat(update.getParentObservation().getContextView()).isSameAs(transaction);
    assertThat(transaction.getContextualName()).isEqualTo("occ transaction");
    assertThat(transaction.getLowCardinalityKeyValue("table").getValue()).isEqualTo("transaction");
    assertThat(transaction.getLowCardinalityKeyValue("operation").getValue())
        .isEqualTo("transaction");
    assertThat(transaction.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("success");
    assertThat(transaction.getParentObservation()).isNull();
  }

  @Test
  void aTransactionEndsAsItsCallbackDoes() {
    long stale = newRow(3);
    Occ occ = occ();

    assertThatThrownBy(
            () ->
                occ.inTransaction(
                    h ->
                        occ.update(ITEMS)
                            .set("name", "b")
                            .whereId(stale)
                            .expectVersion(2)
                            .execute(h)))
        .isInstanceOf(VersionConflictException.class);
    IllegalStateException failure = new IllegalStateException("the callback's own failure");
    assertThatThrownBy(
            () ->
                occ.inTransaction(
                    h -> {
                      throw failure;
                    }))
        .isSameAs(failure);

    assertThat(recorder.stopped())
        .extracting(c -> c.getOperation() + " " + c.getOutcome())
        .containsExactly("UPDATE CONFLICT", "TRANSACTION CONFLICT", "TRANSACTION ERROR");
    assertThat(recorder.stopped().get(1).getError()).isNull();
    assertThat(recorder.stopped().get(2).getError()).isSameAs(failure);
  }

  @Test
  void listenersStillHearSingleWritesOnly() {
    long id = newRow(1);
    RecordingListener listener = new RecordingListener();
    Occ occ = occ(listener);

    occ.inTransaction(
        h -> occ.update(ITEMS).set("name", "b").whereId(id).expectVersion(1).execute(h));

    assertThat(listener.completed())
        .containsExactly(
            new RecordingListener.Completed("items", Operation.UPDATE, Outcome.SUCCESS));
    assertThat(recorder.stopped()).hasSize(2);
  }

  @Test
  void aRetryIsAnEventOnTheOperationItReRuns() {
    long id = newRow(1);
    try (RowLock lock = RowLock.take(jdbi(), id)) {
      occ(lock.releasedOnRetry())
          .update(ITEMS)
          .set("name", "b")
          .whereId(id)
          .expectVersion(1)
          .execute();
    }

    assertThat(registry)
        .hasSingleObservationThat()
        .hasLowCardinalityKeyValue("outcome", "success")
        .hasEvent("retry", "retry after " + lockTimeoutReason() + ", attempt 2")
        .doesNotHaveError();
    OccObservationContext update = recorder.stopped().get(0);
    assertThat(recorder.events(update))
        .containsExactly("retry after " + lockTimeoutReason() + ", attempt 2");
    assertThat(update.getRetries()).isEqualTo(1);
    assertThat(ItemsTable.version(jdbi(), id)).hasValue(2);
  }

  @Test
  void retriesThatRunOutEndTheObservationInError() {
    long id = newRow(1);
    try (RowLock lock = RowLock.take(jdbi(), id)) {
      assertThatThrownBy(
              () -> occ().update(ITEMS).set("name", "b").whereId(id).expectVersion(1).execute())
          .isInstanceOf(TransientFailureException.class);
    }

    OccObservationContext update = recorder.stopped().get(0);
    assertThat(recorder.stopped()).hasSize(1);
    assertThat(update.getOutcome()).isEqualTo(Outcome.ERROR);
    assertThat(update.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("error");
    assertThat(update.getError()).isInstanceOf(TransientFailureException.class);
    // Two attempts in all by the policy: one retry, then the failure.
    assertThat(recorder.events(update))
        .containsExactly("retry after " + lockTimeoutReason() + ", attempt 2");
  }

  @Test
  void aRetryOfATransactionIsAnEventOnTheTransactionNotOnItsOperations() {
    long id = newRow(1);
    AtomicInteger attempts = new AtomicInteger();
    try (RowLock lock = RowLock.take(jdbi(), id)) {
      Occ occ = occ(lock.releasedOnRetry());
      occ.inTransaction(
          h -> {
            attempts.incrementAndGet();
            return occ.update(ITEMS).set("name", "b").whereId(id).expectVersion(1).execute(h);
          });
    }

    assertThat(attempts).hasValue(2);
    List<OccObservationContext> stopped = recorder.stopped();
    assertThat(stopped)
        .extracting(c -> c.getOperation() + " " + c.getOutcome())
        .containsExactly("UPDATE ERROR", "UPDATE SUCCESS", "TRANSACTION SUCCESS");
    assertThat(recorder.events(stopped.get(0))).isEmpty();
    assertThat(recorder.events(stopped.get(1))).isEmpty();
    assertThat(recorder.events(stopped.get(2)))
        .containsExactly("retry after " + lockTimeoutReason() + ", attempt 2");
    assertThat(stopped.get(0).getParentObservation().getContextView()).isSameAs(stopped.get(2));
    assertThat(stopped.get(1).getParentObservation().getContextView()).isSameAs(stopped.get(2));
  }
}
