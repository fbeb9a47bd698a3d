package dev.occ;

import static dev.occ.testing.ItemsTable.ITEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.occ.testing.InjectedFailures;
import dev.occ.testing.ItemsTable;
import dev.occ.testing.PostgresItems;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A listener that throws when told of a retry must not stop the retry or change how the call ends:
 * on PostgreSQL, with a transient error injected by a trigger.
 */
class ListenerFailureIntegrationTest {
  private static PostgresItems db;
  private static Jdbi jdbi;
  private static InjectedFailures failures;

  @BeforeAll
  static void createSchema() {
    db = PostgresItems.create("occ_listener_failure");
    jdbi = db.jdbi();
    failures = InjectedFailures.install(jdbi);
  }

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  @AfterEach
  void stopFailing() {
    failures.stop();
  }

  @Test
  void aTransientErrorIsStillRetriedWhenTheListenerThrowsOnTheRetry() {
    long id = db.newRow(1);
    failures.failNextUpdates("40001", 1);
    Occ occ =
        Occ.builder(jdbi)
            .listener(
                new OccListener() {
                  @Override
                  public void retrying(String table, String reason, int attempt) {
                    throw new IllegalStateException("listener failed on retry " + attempt);
                  }
                })
            .build();
    AtomicReference<RowVersion> written = new AtomicReference<>();

    assertThatCode(
            () ->
                written.set(
                    occ.update(ITEMS)
                        .set("name", "changed")
                        .whereId(id)
                        .expectVersion(1)
                        .execute()))
        .as(
            "an update whose first attempt fails with 40001, with a listener that throws from retrying")
        .doesNotThrowAnyException();

    assertThat(written.get().version()).isEqualTo(2);
    assertThat(failures.attempts()).as("attempts of the UPDATE").isEqualTo(2);
    assertThat(ItemsTable.version(jdbi, id)).hasValue(2);
  }

  @Test
  void aTransientFailureThatOutlastsThePolicyStillSurfacesWhenTheListenerThrows() {
    long id = db.newRow(1);
    failures.failNextUpdates("40001", 2);
    Occ occ =
        Occ.builder(jdbi)
            .listener(
                new OccListener() {
                  @Override
                  public void retrying(String table, String reason, int attempt) {
                    throw new IllegalStateException("listener failed on retry " + attempt);
                  }
                })
            .build();

    Throwable thrown =
        catchThrowable(
            () -> occ.update(ITEMS).set("name", "changed").whereId(id).expectVersion(1).execute());

    assertThat(thrown)
        .as(
            "an update that fails with 40001 on both attempts, with a listener that throws from retrying")
        .isInstanceOfSatisfying(
            TransientFailureException.class, e -> assertThat(e.attempts()).isEqualTo(2));
    assertThat(failures.attempts()).isEqualTo(2);
  }
}
