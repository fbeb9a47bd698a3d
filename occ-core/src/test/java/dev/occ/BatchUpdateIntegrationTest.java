package dev.occ;

import static dev.occ.testing.ItemsTable.ITEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.occ.BatchOutcome.Status;
import dev.occ.testing.ItemsTable;
import dev.occ.testing.PostgresItems;
import dev.occ.testing.RecordingListener;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A batch of versioned updates on PostgreSQL: each row gets its own outcome, and a stale or missing
 * row neither fails the batch nor is changed by it.
 */
class BatchUpdateIntegrationTest {
  private static PostgresItems db;
  private static Jdbi jdbi;

  @BeforeAll
  static void createSchema() {
    db = PostgresItems.create("occ_batch");
    jdbi = db.jdbi();
  }

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  @Test
  void freshStaleAndMissingRowsGetTheirOwnOutcomes() {
    long fresh = db.newRow(1);
    long stale = db.newRow(4);
    long ahead = db.newRow(2);
    long freshOtherColumns = db.newRow(7);
    long missing = db.missingId();
    RecordingListener listener = new RecordingListener();
    Occ occ = Occ.builder(jdbi).listener(listener).build();

    List<BatchOutcome> outcomes =
        occ.batchUpdate(ITEMS)
            .add(fresh, 1, Map.of("name", "fresh"))
            .add(stale, 3, Map.of("name", "stale"))
            .add(missing, 1, Map.of("name", "missing"))
            .add(ahead, 3, Map.of("name", "ahead"))
            // Another set of columns goes into another JDBC batch; outcomes keep the added order.
            .add(freshOtherColumns, 7, Map.of("name", "fresh too", "counter", 42))
            .execute();

    assertThat(outcomes)
        .extracting(
            BatchOutcome::id,
            BatchOutcome::status,
            BatchOutcome::expectedVersion,
            BatchOutcome::version)
        .containsExactly(
            tuple(fresh, Status.UPDATED, 1L, 2L),
            tuple(stale, Status.CONFLICT, 3L, 4L),
            tuple(missing, Status.NOT_FOUND, 1L, -1L),
            tuple(ahead, Status.CONFLICT, 3L, 2L),
            tuple(freshOtherColumns, Status.UPDATED, 7L, 8L));
    assertThat(outcomes.get(0).updatedAt()).isNotNull();
    assertThat(outcomes.get(2).updatedAt()).isNull();

    assertRow(fresh, 2, "fresh");
    assertRow(stale, 4, "initial");
    assertRow(ahead, 2, "initial");
    assertRow(freshOtherColumns, 8, "fresh too");
    assertThat(ItemsTable.counter(jdbi, freshOtherColumns)).isEqualTo(42);
    assertThat(ItemsTable.version(jdbi, missing)).isEmpty();
    // Per-row conflicts are results, not a failed operation.
    assertThat(listener.completed())
        .containsExactly(
            new RecordingListener.Completed("items", Operation.BATCH_UPDATE, Outcome.SUCCESS));
  }

  @Test
  void theSameRowTwiceAtTheSameVersionIsUpdatedOnceAndThenInConflict() {
    long id = db.newRow(1);
    Occ occ = Occ.create(jdbi);

    List<BatchOutcome> outcomes =
        occ.batchUpdate(ITEMS)
            .add(id, 1, Map.of("name", "first"))
            .add(id, 1, Map.of("name", "second"))
            .execute();

    assertThat(outcomes)
        .extracting(BatchOutcome::status)
        .containsExactly(Status.UPDATED, Status.CONFLICT);
    assertThat(outcomes.get(0).version()).isEqualTo(2);
    assertThat(outcomes.get(1).version()).isEqualTo(2);
    assertRow(id, 2, "first");
  }

  @Test
  void onTheCallersHandleTheBatchRollsBackWithTheCallersTransaction() {
    long id = db.newRow(1);
    Occ occ = Occ.create(jdbi);

    try (Handle h = jdbi.open()) {
      h.begin();
      List<BatchOutcome> outcomes =
          occ.batchUpdate(ITEMS).add(id, 1, Map.of("name", "x")).execute(h);
      assertThat(outcomes).extracting(BatchOutcome::status).containsExactly(Status.UPDATED);
      h.rollback();
    }

    assertRow(id, 1, "initial");
  }

  private static void assertRow(long id, long version, String name) {
    assertThat(ItemsTable.version(jdbi, id)).as("version of %d", id).hasValue(version);
    assertThat(ItemsTable.name(jdbi, id)).as("name of %d", id).isEqualTo(name);
  }
}
