package dev.occ.micrometer;

import static dev.occ.testing.ItemsTable.ITEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.occ.Occ;
import dev.occ.RowNotFoundException;
import dev.occ.TransientFailureException;
import dev.occ.VersionConflictException;
import dev.occ.testing.InjectedFailures;
import dev.occ.testing.PostgresItems;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The meters an operator watches, fed by real outcomes on PostgreSQL: {@code occ.update} by table,
 * operation and outcome, and {@code occ.retries} by table and reason.
 */
class MicrometerOccListenerIntegrationTest {
  private static PostgresItems db;
  private static InjectedFailures failures;

  @BeforeAll
  static void createSchema() {
    db = PostgresItems.create("occ_metrics");
    failures = InjectedFailures.install(db.jdbi());
  }

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  @Test
  void outcomesAndRetriesAreCountedWithTheirTags() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Occ occ = Occ.builder(db.jdbi()).listener(MicrometerOccListener.create(registry)).build();
    long retried = db.newRow(1);
    long exhausted = db.newRow(1);
    long stale = db.newRow(5);
    long deadlocked = db.newRow(1);

    failures.failNextUpdates("40001", 1);
    occ.update(ITEMS).set("name", "x").whereId(retried).expectVersion(1).execute();
    failures.failNextUpdates("40001", 2);
    assertThatThrownBy(
            () -> occ.update(ITEMS).set("name", "x").whereId(exhausted).expectVersion(1).execute())
        .isInstanceOf(TransientFailureException.class);
    failures.failNextUpdates("40P01", 1);
    occ.update(ITEMS).set("name", "x").whereId(deadlocked).expectVersion(1).execute();
    failures.stop();
    assertThatThrownBy(
            () -> occ.update(ITEMS).set("name", "x").whereId(stale).expectVersion(4).execute())
        .isInstanceOf(VersionConflictException.class);
    assertThatThrownBy(
            () ->
                occ.update(ITEMS)
                    .set("name", "x")
                    .whereId(db.missingId())
                    .expectVersion(1)
                    .execute())
        .isInstanceOf(RowNotFoundException.class);
    occ.delete(ITEMS).whereId(stale).expectVersion(5).execute();

    assertThat(updates(registry, "update", "success")).isEqualTo(2);
    assertThat(updates(registry, "update", "error")).isEqualTo(1);
    assertThat(updates(registry, "update", "conflict")).isEqualTo(1);
    assertThat(updates(registry, "update", "not_found")).isEqualTo(1);
    assertThat(updates(registry, "delete", "success")).isEqualTo(1);
    assertThat(registry.get("occ.update").timers()).hasSize(5);
    // Two retries after 40001 (one that then succeeded, one that ran out), one after 40P01.
    assertThat(retries(registry, "serialization_failure")).isEqualTo(2);
    assertThat(retries(registry, "deadlock")).isEqualTo(1);
    assertThat(registry.get("occ.retries").counters()).hasSize(2);
  }

  private static long updates(SimpleMeterRegistry registry, String operation, String outcome) {
    return registry
        .get(MicrometerOccListener.UPDATE_TIMER)
        .tags("table", "items", "operation", operation, "outcome", outcome)
        .timer()
        .count();
  }

  private static double retries(SimpleMeterRegistry registry, String reason) {
    return registry
        .get(MicrometerOccListener.RETRIES_COUNTER)
        .tags("table", "items", "reason", reason)
        .counter()
        .count();
  }
}
