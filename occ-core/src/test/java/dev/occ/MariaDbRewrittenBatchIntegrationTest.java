package dev.occ;

import static dev.occ.testing.ItemsTable.ITEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.occ.BatchOutcome.Status;
import dev.occ.testing.ItemsTable;
import dev.occ.testing.MariaDbItems;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Batch outcomes on MariaDB through connections opened with {@code rewriteBatchedStatements=true},
 * the option many applications still carry over from Connector/J 2.x, with Jdbi's own statement
 * builder.
 *
 * <p>Connector/J 3.0–3.5.5 ignored the option; 3.5.6 implemented it again (CONJ-1238), but only for
 * batches of {@code INSERT … VALUES} without generated keys, sent as one multi-row insert, and only
 * where the bulk protocol is not used for inserts ({@code useBulkStmtsForInserts}, on by default),
 * and only for statements prepared without an explicit result-set type (Jdbi's statement builder
 * always passes one). A batch of updates, which is what occ sends, is pipelined exactly as without
 * the option (3.5.8) and answered with real counts; {@link MariaDbBatchIntegrationTest} covers the
 * option that does change how updates are answered ({@code useBulkStmts}, {@code SUCCESS_NO_INFO}).
 * These tests keep the outcomes honest should a driver start rewriting update batches.
 */
class MariaDbRewrittenBatchIntegrationTest {
  private static MariaDbItems db;
  private static Jdbi jdbi;

  @BeforeAll
  static void createDatabase() throws SQLException {
    db =
        MariaDbItems.create(
            "occ_mdb_rewrite", "rewriteBatchedStatements=true&useBulkStmtsForInserts=false");
    jdbi = db.jdbi();
    jdbi.useHandle(
        h -> {
          // Precondition: the driver honours the option; otherwise this class tests nothing new.
          h.execute("CREATE TABLE probe (id BIGINT PRIMARY KEY)");
          long before = questions(h);
          // Plain JDBC: statements that Jdbi's builder prepares (with an explicit result-set type)
          // are never rewritten, not even inserts.
          try (PreparedStatement insert =
              h.getConnection().prepareStatement("INSERT INTO probe (id) VALUES (?)")) {
            for (int i = 1; i <= 5; i++) {
              insert.setLong(1, i);
              insert.addBatch();
            }
            insert.executeBatch();
          }
          // The server counts the status query itself, then one statement for the five rows.
          assertThat(questions(h) - before)
              .as("statements the server ran for a batch of five inserts on " + db.url())
              .isEqualTo(2);
        });
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  private static long questions(Handle h) {
    return h.createQuery("SHOW SESSION STATUS LIKE 'Questions'")
        .map((rs, ctx) -> rs.getLong(2))
        .one();
  }

  @Test
  void staleFreshAndMissingRowsEachGetTheirOwnOutcome() {
    long stale = db.newRow(1);
    jdbi.useHandle(
        h -> h.execute("UPDATE items SET name = 'other writer', version = 2 WHERE id = ?", stale));
    long fresh = db.newRow(1);
    long missing = -stale;

    List<BatchOutcome> outcomes =
        Occ.create(jdbi)
            .batchUpdate(ITEMS)
            .add(stale, 1, Map.of("name", "batch"))
            .add(fresh, 1, Map.of("name", "batch"))
            .add(missing, 1, Map.of("name", "batch"))
            .execute();

    assertThat(outcomes)
        .extracting(BatchOutcome::status, BatchOutcome::expectedVersion, BatchOutcome::version)
        .containsExactly(
            tuple(Status.CONFLICT, 1L, 2L),
            tuple(Status.UPDATED, 1L, 2L),
            tuple(Status.NOT_FOUND, 1L, -1L));
    assertThat(ItemsTable.name(jdbi, stale)).isEqualTo("other writer");
    assertThat(ItemsTable.version(jdbi, stale)).hasValue(2);
    assertThat(ItemsTable.name(jdbi, fresh)).isEqualTo("batch");
    assertThat(ItemsTable.version(jdbi, fresh)).hasValue(2);
  }

  @Test
  void theSameRowTwiceAtTheSameVersionIsUpdatedOnceAndThenInConflict() {
    long id = db.newRow(1);

    List<BatchOutcome> outcomes =
        Occ.create(jdbi)
            .batchUpdate(ITEMS)
            .add(id, 1, Map.of("name", "first"))
            .add(id, 1, Map.of("name", "second"))
            .execute();

    assertThat(outcomes)
        .extracting(BatchOutcome::status, BatchOutcome::version)
        .containsExactly(tuple(Status.UPDATED, 2L), tuple(Status.CONFLICT, 2L));
    assertThat(ItemsTable.name(jdbi, id)).isEqualTo("first");
    assertThat(ItemsTable.version(jdbi, id)).hasValue(2);
  }

  @Test
  void aLargeBatchWithEveryThirdRowStaleUpdatesExactlyTheOthers() {
    // More rows than occ locks per read, so the batch is decided in several chunks.
    int rows = 450;
    long first = db.newRow(3);
    jdbi.useHandle(
        h -> {
          PreparedBatch insert =
              h.prepareBatch("INSERT INTO items (id, name, version) VALUES (?, 'initial', ?)");
          for (int i = 1; i < rows; i++) {
            insert.bind(0, first + i).bind(1, i % 3 == 0 ? 7 : 3).add();
          }
          insert.execute();
        });
    BatchUpdateRequest batch = Occ.create(jdbi).batchUpdate(ITEMS);
    for (int i = 0; i < rows; i++) {
      batch.add(first + i, 3, Map.of("name", "batch-" + i));
    }

    List<BatchOutcome> outcomes = batch.execute();

    Map<Long, Map<String, Object>> stored =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT id, name, version FROM items WHERE id BETWEEN ? AND ?")
                    .bind(0, first)
                    .bind(1, first + rows - 1)
                    .mapToMap()
                    .collectToMap(r -> (Long) r.get("id"), r -> r));
    assertThat(outcomes).hasSize(rows);
    assertThat(stored).hasSize(rows);
    for (int i = 0; i < rows; i++) {
      boolean stale = i % 3 == 0 && i > 0;
      assertThat(outcomes.get(i).status())
          .as("row %d", i)
          .isEqualTo(stale ? Status.CONFLICT : Status.UPDATED);
      assertThat(outcomes.get(i).version()).as("row %d", i).isEqualTo(stale ? 7L : 4L);
      assertThat(stored.get(first + i))
          .as("row %d", i)
          .containsEntry("version", stale ? 7L : 4L)
          .containsEntry("name", stale ? "initial" : "batch-" + i);
    }
  }
}
