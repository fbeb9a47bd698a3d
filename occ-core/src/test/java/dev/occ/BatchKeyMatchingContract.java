package dev.occ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.occ.BatchOutcome.Status;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A batch's outcomes must name what the database did with each row whatever the key's type: a
 * binary key and a fixed-width character key, written once and run per database by a subclass. The
 * checks read the rows with plain SQL.
 */
abstract class BatchKeyMatchingContract {
  private static final VersionedTable BLOBS = VersionedTable.of("blobs");
  private static final VersionedTable CODES = VersionedTable.of("codes");

  private Jdbi jdbi;

  /** Returns a Jdbi on a database where the tables may be created. */
  abstract Jdbi jdbi();

  /** Returns the database's name for a variable-length binary type. */
  abstract String binaryType();

  @BeforeEach
  void createTables() {
    jdbi = jdbi();
    jdbi.useHandle(
        h -> {
          h.execute("DROP TABLE IF EXISTS blobs");
          h.execute("DROP TABLE IF EXISTS codes");
          h.execute(
              "CREATE TABLE blobs (id "
                  + binaryType()
                  + " PRIMARY KEY, name VARCHAR(100),"
                  + " version BIGINT NOT NULL, updated_at TIMESTAMP WITH TIME ZONE)");
          h.execute(
              "CREATE TABLE codes (id CHAR(8) PRIMARY KEY, name VARCHAR(100),"
                  + " version BIGINT NOT NULL, updated_at TIMESTAMP WITH TIME ZONE)");
        });
  }

  private Map<String, Object> row(String table, Object id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT name, version FROM " + table + " WHERE id = ?")
                .bind(0, id)
                .mapToMap()
                .one());
  }

  @Test
  void aBinaryKeyRowIsReportedUpdated() {
    byte[] id = {1, 2, 3, 4};
    jdbi.useHandle(
        h ->
            h.createUpdate("INSERT INTO blobs (id, name, version) VALUES (?, 'initial', 1)")
                .bind(0, id)
                .execute());

    List<BatchOutcome> outcomes =
        Occ.create(jdbi).batchUpdate(BLOBS).add(id, 1, Map.of("name", "batch")).execute();

    assertThat(row("blobs", id)).containsEntry("name", "batch").containsEntry("version", 2L);
    assertThat(outcomes)
        .extracting(BatchOutcome::status, BatchOutcome::version)
        .as("outcome of the " + binaryType() + " row the database updated")
        .containsExactly(tuple(Status.UPDATED, 2L));
  }

  @Test
  void aShortIdOfAFixedWidthKeyIsReportedUpdated() {
    jdbi.useHandle(
        h -> h.execute("INSERT INTO codes (id, name, version) VALUES ('ab', 'initial', 1)"));

    List<BatchOutcome> outcomes =
        Occ.create(jdbi).batchUpdate(CODES).add("ab", 1, Map.of("name", "batch")).execute();

    assertThat(row("codes", "ab")).containsEntry("name", "batch").containsEntry("version", 2L);
    assertThat(outcomes)
        .extracting(BatchOutcome::status, BatchOutcome::version)
        .as("outcome of the CHAR(8) row 'ab' the database updated")
        .containsExactly(tuple(Status.UPDATED, 2L));
  }
}
