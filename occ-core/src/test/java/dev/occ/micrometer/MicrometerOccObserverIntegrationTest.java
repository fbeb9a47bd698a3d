package dev.occ.micrometer;

import static dev.occ.testing.ItemsTable.ITEMS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.RetryPolicy;
import dev.occ.testing.InjectedFailures;
import dev.occ.testing.PostgresItems;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * occ's observations on PostgreSQL: lock waits end after 200 ms with 55P03, which the policy makes
 * transient, and a trigger injects the serialization failures and deadlocks PostgreSQL reports.
 */
class MicrometerOccObserverIntegrationTest extends MicrometerOccObserverContract {
  private static PostgresItems db;
  private static Jdbi jdbi;
  private static InjectedFailures failures;

  @BeforeAll
  static void createSchema() {
    db = PostgresItems.create("occ_observed");
    jdbi =
        Jdbi.create(
            () -> {
              Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
              try (Statement s = c.createStatement()) {
                s.execute("SET lock_timeout = '200ms'");
              }
              return c;
            });
    failures = InjectedFailures.install(db.jdbi());
  }

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  @Override
  Jdbi jdbi() {
    return jdbi;
  }

  @Override
  RetryPolicy retryPolicy() {
    return RetryPolicy.builder().extraSqlStates(Set.of("55P03")).build();
  }

  @Override
  String lockTimeoutReason() {
    return "sqlstate_55P03";
  }

  @Test
  void serializationFailuresAndDeadlocksAreRetryEventsWithTheirReason() {
    long serialized = newRow(1);
    long deadlocked = newRow(1);
    try {
      failures.failNextUpdates("40001", 1);
      occ().update(ITEMS).set("name", "b").whereId(serialized).expectVersion(1).execute();
      assertThat(failures.attempts()).isEqualTo(2);
      failures.failNextUpdates("40P01", 1);
      occ().update(ITEMS).set("name", "b").whereId(deadlocked).expectVersion(1).execute();
      assertThat(failures.attempts()).isEqualTo(2);
    } finally {
      failures.stop();
    }

    assertThat(recorder.stopped())
        .extracting(c -> c.getOutcome() + " " + recorder.events(c))
        .containsExactly(
            "SUCCESS [retry after serialization_failure, attempt 2]",
            "SUCCESS [retry after deadlock, attempt 2]");
    assertThat(registry)
        .hasObservationWithNameEqualTo("occ.operation")
        .that()
        .hasEvent("retry", "retry after serialization_failure, attempt 2")
        .hasLowCardinalityKeyValue("outcome", "success");
  }
}
