package dev.occ;

import static dev.occ.testing.ItemsTable.ITEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.occ.internal.TransientErrors;
import dev.occ.testing.InjectedFailures;
import dev.occ.testing.ItemsTable;
import dev.occ.testing.PostgresItems;
import dev.occ.testing.RecordingListener;
import dev.occ.testing.RecordingListener.Retry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invariant 4 on PostgreSQL with errors injected by a trigger: only transient errors are retried,
 * only at a transaction boundary occ owns, and only as often as the policy allows.
 */
class TransientRetryIntegrationTest {
  /**
   * The same table described with a scope: rows of other tests have none, so no scope sees them.
   */
  private static final VersionedTable SCOPED_ITEMS =
      VersionedTable.builder("items").scopeColumn("shop_id").build();

  private static PostgresItems db;
  private static Jdbi jdbi;
  private static InjectedFailures failures;

  private final RecordingListener listener = new RecordingListener();

  @BeforeAll
  static void createSchema() {
    db = PostgresItems.create("occ_retry");
    jdbi = db.jdbi();
    failures = InjectedFailures.install(jdbi);
    jdbi.useHandle(h -> h.execute("ALTER TABLE items ADD COLUMN shop_id VARCHAR(20)"));
  }

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  private Occ occ(RetryPolicy policy) {
    return Occ.builder(jdbi).retryPolicy(policy).listener(listener).build();
  }

  private static RowVersion update(Occ occ, long id) {
    return occ.update(ITEMS).set("name", "changed").whereId(id).expectVersion(1).execute();
  }

  @ParameterizedTest
  @CsvSource({"40001, serialization_failure", "40P01, deadlock"})
  void oneTransientFailureIsRetriedOnceByTheDefaultPolicy(String sqlState, String reason) {
    long id = db.newRow(1);
    failures.failNextUpdates(sqlState, 1);

    RowVersion v = update(occ(RetryPolicy.DEFAULT), id);

    assertThat(v.version()).isEqualTo(2);
    assertThat(failures.attempts()).isEqualTo(2);
    assertThat(listener.retries()).containsExactly(new Retry("items", reason, 2));
    assertThat(ItemsTable.name(jdbi, id)).isEqualTo("changed");
  }

  @Test
  void aTransientFailureThatOutlastsTheDefaultPolicySurfacesWithItsFacts() {
    long id = db.newRow(1);
    failures.failNextUpdates("40001", 2);

    Throwable thrown = catchThrowable(() -> update(occ(RetryPolicy.DEFAULT), id));

    assertThat(thrown)
        .isInstanceOfSatisfying(
            TransientFailureException.class,
            e -> {
              assertThat(e.sqlState()).isEqualTo("40001");
              assertThat(e.attempts()).isEqualTo(2);
              assertThat(e.table()).isEqualTo("items");
            });
    assertThat(failures.attempts()).isEqualTo(2);
    assertThat(listener.retries()).containsExactly(new Retry("items", "serialization_failure", 2));
    assertThat(ItemsTable.version(jdbi, id)).hasValue(1);
  }

  @Test
  void aLargerBudgetOutlastsMoreFailures() {
    long id = db.newRow(1);
    failures.failNextUpdates("40001", 3);

    RowVersion v = update(occ(RetryPolicy.builder().maxAttempts(4).build()), id);

    assertThat(v.version()).isEqualTo(2);
    assertThat(failures.attempts()).isEqualTo(4);
    assertThat(listener.retries()).extracting(Retry::attempt).containsExactly(2, 3, 4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"23505", "42601", "25P02", "55P03"})
  void permanentErrorsAreNotRetried(String sqlState) {
    long id = db.newRow(1);
    failures.failNextUpdates(sqlState, 1);

    Throwable thrown = catchThrowable(() -> update(occ(RetryPolicy.DEFAULT), id));

    assertThat(thrown).isNotNull().isNotInstanceOf(TransientFailureException.class);
    SQLException cause = TransientErrors.firstSqlException(thrown);
    assertThat((Throwable) cause).as("the SQLException under %s", thrown).isNotNull();
    assertThat(cause.getSQLState()).isEqualTo(sqlState);
    assertThat(failures.attempts()).isEqualTo(1);
    assertThat(listener.retries()).isEmpty();
    assertThat(listener.completed())
        .containsExactly(new RecordingListener.Completed("items", Operation.UPDATE, Outcome.ERROR));
    assertThat(ItemsTable.version(jdbi, id)).hasValue(1);
  }

  @Test
  void anExtraSqlStateIsRetriedWhenConfigured() {
    long id = db.newRow(1);
    failures.failNextUpdates("55P03", 1);

    RowVersion v = update(occ(RetryPolicy.builder().extraSqlStates(Set.of("55P03")).build()), id);

    assertThat(v.version()).isEqualTo(2);
    assertThat(failures.attempts()).isEqualTo(2);
    assertThat(listener.retries()).containsExactly(new Retry("items", "sqlstate_55P03", 2));
  }

  @Test
  void insideTheCallersJdbiTransactionNothingIsRetried() {
    long id = db.newRow(1);
    failures.failNextUpdates("40001", 1);
    Occ occ = occ(RetryPolicy.builder().maxAttempts(5).build());

    // The caller's transaction is aborted by the error; only the caller can re-run all of it.
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

    assertSingleAttemptFailure(thrown, id);
  }

  @Test
  void onAHandleWithAnOpenTransactionNothingIsRetried() {
    long id = db.newRow(1);
    failures.failNextUpdates("40P01", 1);
    Occ occ = occ(RetryPolicy.builder().maxAttempts(5).build());

    Throwable thrown;
    try (Handle h = jdbi.open()) {
      h.begin();
      thrown =
          catchThrowable(
              () ->
                  occ.update(ITEMS).set("name", "changed").whereId(id).expectVersion(1).execute(h));
      h.rollback();
    }

    assertSingleAttemptFailure(thrown, id);
  }

  @Test
  void inAFrameworksTransactionExecuteDoesNotRetry() throws Exception {
    long id = db.newRow(1);
    failures.failNextUpdates("40001", 1);
    // Like a Spring-managed transaction: every handle gets the same connection, already in a
    // transaction, closing the handle does not end it, and the framework says a transaction is
    // active (an auto-commit-off connection alone would not make it the caller's transaction).
    try (Connection shared = DriverManager.getConnection(db.url(), db.user(), db.password())) {
      shared.setAutoCommit(false);
      Jdbi bound =
          Jdbi.create(
              new ConnectionFactory() {
                @Override
                public Connection openConnection() {
                  return shared;
                }

                @Override
                public void closeConnection(Connection c) {}
              });
      Occ occ =
          Occ.builder(bound)
              .retryPolicy(RetryPolicy.builder().maxAttempts(5).build())
              .callerTransactions(() -> true)
              .listener(listener)
              .build();

      Throwable thrown =
          catchThrowable(
              () ->
                  occ.update(ITEMS).set("name", "changed").whereId(id).expectVersion(1).execute());
      shared.rollback();

      assertSingleAttemptFailure(thrown, id);
    }
  }

  /** Inserts a row at version 1 into the shop, past occ. */
  private static long rowOf(String shop) {
    long id = db.newRow(1);
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE items SET shop_id = :shop WHERE id = :id")
                .bind("shop", shop)
                .bind("id", id)
                .execute());
    return id;
  }

  @Test
  void aScopedUpdateIsRetriedInItsScope() {
    long id = rowOf("south");
    failures.failNextUpdates("40001", 1);

    RowVersion v =
        occ(RetryPolicy.DEFAULT)
            .update(SCOPED_ITEMS)
            .inScope("south")
            .set("name", "changed")
            .whereId(id)
            .expectVersion(1)
            .execute();

    assertThat(v.version()).isEqualTo(2);
    assertThat(failures.attempts()).isEqualTo(2);
    assertThat(listener.retries()).containsExactly(new Retry("items", "serialization_failure", 2));
    assertThat(ItemsTable.name(jdbi, id)).isEqualTo("changed");
  }

  @Test
  void aScopedBatchIsRetriedWholeAndItsUpdatesNeverReachAnotherScopesRow() {
    long own = rowOf("north");
    long other = rowOf("south");
    failures.failNextUpdates("40001", 1);

    List<BatchOutcome> outcomes =
        occ(RetryPolicy.DEFAULT)
            .batchUpdate(SCOPED_ITEMS)
            .inScope("north")
            .add(other, 1, Map.of("name", "changed"))
            .add(own, 1, Map.of("name", "changed"))
            .execute();

    assertThat(outcomes)
        .extracting(BatchOutcome::status)
        .containsExactly(BatchOutcome.Status.NOT_FOUND, BatchOutcome.Status.UPDATED);
    assertThat(outcomes.get(0).version()).isEqualTo(-1);
    // The trigger fires once per row an UPDATE changes: the failed attempt and the retry, both on
    // north's row; south's row never reached an UPDATE.
    assertThat(failures.attempts()).isEqualTo(2);
    assertThat(listener.retries()).hasSize(1);
    assertThat(ItemsTable.name(jdbi, own)).isEqualTo("changed");
    assertThat(ItemsTable.name(jdbi, other)).isEqualTo("initial");
    assertThat(ItemsTable.version(jdbi, other)).hasValue(1);
  }

  @Test
  void aScopedUpdateOfAnotherScopesRowReachesNoRowSoNothingFailsOrIsRetried() {
    long id = rowOf("south");
    failures.failNextUpdates("40001", 1);
    try {
      Throwable thrown =
          catchThrowable(
              () ->
                  occ(RetryPolicy.DEFAULT)
                      .update(SCOPED_ITEMS)
                      .inScope("north")
                      .set("name", "changed")
                      .whereId(id)
                      .expectVersion(1)
                      .execute());

      assertThat(thrown).isInstanceOf(RowNotFoundException.class);
      assertThat(failures.attempts()).as("rows the UPDATE changed").isZero();
      assertThat(listener.retries()).isEmpty();
      assertThat(ItemsTable.name(jdbi, id)).isEqualTo("initial");
      assertThat(ItemsTable.version(jdbi, id)).hasValue(1);
    } finally {
      failures.stop(); // the armed failure was never used: keep it from the next test
    }
  }

  private void assertSingleAttemptFailure(Throwable thrown, long id) {
    assertThat(thrown)
        .isInstanceOfSatisfying(
            TransientFailureException.class, e -> assertThat(e.attempts()).isEqualTo(1));
    assertThat(failures.attempts()).isEqualTo(1);
    assertThat(listener.retries()).isEmpty();
    assertThat(ItemsTable.version(jdbi, id)).hasValue(1);
  }
}
