package dev.occ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.occ.BatchOutcome.Status;
import dev.occ.testing.TestDatabases;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A batch's outcomes must name what the database did with each row whatever the key's type: on
 * PostgreSQL, a binary key and a fixed-width character key. The checks read the rows with plain SQL.
 */
class BatchKeyMatchingIntegrationTest {
  private static final VersionedTable BLOBS = VersionedTable.of("blobs");
  private static final VersionedTable CODES = VersionedTable.of("codes");

  private static TestDatabases.Schema schema;
  private static Jdbi jdbi;

  @BeforeAll
  static void createTables() {
    schema = TestDatabases.freshPostgresSchema("occ_batch_keys");
    jdbi = Jdbi.create(schema.url(), schema.user(), schema.password());
    jdbi.useHandle(
        h -> {
          h.execute(
              "CREATE TABLE blobs (id BYTEA PRIMARY KEY, name VARCHAR(100),"
                  + " version BIGINT NOT NULL, updated_at TIMESTAMP WITH TIME ZONE)");
          h.execute(
              "CREATE TABLE codes (id CHAR(8) PRIMARY KEY, name VARCHAR(100),"
                  + " version BIGINT NOT NULL, updated_at TIMESTAMP WITH TIME ZONE)");
        });
  }

  @AfterAll
  static void dropSchema() {
    schema.close();
  }

  private static Map<String, Object> row(String table, Object id) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT name, version FROM " + table + " WHERE id = ?").bind(0, id).mapToMap().one());
  }

  @Test
  void aBinaryKeyRowIsReportedUpdated() {
    byte[] id = {1, 2, 3, 4};
    jdbi.useHandle(
        h -> h.createUpdate("INSERT INTO blobs (id, name, version) VALUES (?, 'initial', 1)").bind(0, id).execute());

    List<BatchOutcome> outcomes =
        Occ.create(jdbi).batchUpdate(BLOBS).add(id, 1, Map.of("name", "batch")).execute();

    assertThat(row("blobs", id)).containsEntry("name", "batch").containsEntry("version", 2L);
    assertThat(outcomes)
        .extracting(BatchOutcome::status, BatchOutcome::version)
        .as("outcome of the BYTEA row the database updated")
        .containsExactly(tuple(Status.UPDATED, 2L));
  }

  @Test
  void aShortIdOfAFixedWidthKeyIsReportedUpdated() {
    jdbi.useHandle(h -> h.execute("INSERT INTO codes (id, name, version) VALUES ('ab', 'initial', 1)"));

    List<BatchOutcome> outcomes =
        Occ.create(jdbi).batchUpdate(CODES).add("ab", 1, Map.of("name", "batch")).execute();

    assertThat(row("codes", "ab")).containsEntry("name", "batch").containsEntry("version", 2L);
    assertThat(outcomes)
        .extracting(BatchOutcome::status, BatchOutcome::version)
        .as("outcome of the CHAR(8) row 'ab' the database updated")
        .containsExactly(tuple(Status.UPDATED, 2L));
  }
}
