package dev.occ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.occ.BatchOutcome.Status;
import dev.occ.testing.TestDatabases;
import dev.occ.testing.TestDatabases.MariaDbDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Batch outcomes on MariaDB with batching options on, where the driver answers {@link
 * java.sql.Statement#SUCCESS_NO_INFO} instead of a row count, and where keys are compared the
 * database's way (case-insensitive collation, binary keys). Each outcome must say what the database
 * did; the checks read the rows with plain SQL.
 *
 * <p>Connector/J 3.5 never rewrites a batch of updates ({@code rewriteBatchedStatements} was
 * ignored from 3.0 to 3.5.5 and applies only to inserts since 3.5.6: {@link
 * MariaDbRewrittenBatchIntegrationTest}) and answers {@code SUCCESS_NO_INFO} only with {@code
 * useBulkStmts=true} and only for statements prepared without an explicit result-set type, which
 * Jdbi's default statement builder always passes. The SUCCESS_NO_INFO tests therefore use a Jdbi
 * whose statement builder prepares plainly, as plain JDBC code and many frameworks do; the
 * key-matching tests need no batching option at all.
 */
class MariaDbBatchIntegrationTest {
  private static final VersionedTable ITEMS = VersionedTable.of("items");
  private static final VersionedTable CODES = VersionedTable.of("codes");
  private static final VersionedTable BLOBS = VersionedTable.of("blobs");

  private static MariaDbDatabase db;

  /** Plain settings: for setup, checks and the key-matching tests. */
  private static Jdbi jdbi;

  /** Batches that the driver answers with SUCCESS_NO_INFO. */
  private static Jdbi bulk;

  private static long nextId = 1;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabases.freshMariaDbDatabase("occ_mdb_batch");
    jdbi = Jdbi.create(db.url(), db.user(), db.password());
    bulk =
        Jdbi.create(
            db.url("rewriteBatchedStatements=true&useBulkStmts=true"), db.user(), db.password());
    bulk.setStatementBuilderFactory(connection -> new PlainStatements());
    bulk.useHandle(
        h -> {
          // Precondition: without SUCCESS_NO_INFO, the tests below would not test what they say.
          h.execute("CREATE TABLE probe (id BIGINT PRIMARY KEY)");
          int[] counts =
              h.prepareBatch("UPDATE probe SET id = id WHERE id = ?")
                  .bind(0, 1)
                  .add()
                  .bind(0, 2)
                  .add()
                  .execute();
          assertThat(counts)
              .as("update counts the driver answers for a batch on " + db.url())
              .containsOnly(Statement.SUCCESS_NO_INFO);
        });
    jdbi.useHandle(
        h -> {
          h.execute(
              "CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(200) NOT NULL DEFAULT '',"
                  + " version BIGINT NOT NULL,"
                  + " updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB");
          // The server's default collation: case-insensitive, so 'ABC' finds the row 'abc'.
          h.execute(
              "CREATE TABLE codes (id VARCHAR(20) PRIMARY KEY, name VARCHAR(200) NOT NULL DEFAULT '',"
                  + " version BIGINT NOT NULL,"
                  + " updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB");
          h.execute(
              "CREATE TABLE blobs (id BINARY(16) PRIMARY KEY, name VARCHAR(200) NOT NULL DEFAULT '',"
                  + " version BIGINT NOT NULL,"
                  + " updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB");
        });
  }

  /**
   * Prepares statements with the driver's defaults, as {@code connection.prepareStatement(sql)}.
   */
  private static final class PlainStatements extends DefaultStatementBuilder {
    @Override
    public PreparedStatement create(Connection conn, String sql, StatementContext ctx)
        throws SQLException {
      if (ctx.isReturningGeneratedKeys() || ctx.isConcurrentUpdatable()) {
        return super.create(conn, sql, ctx);
      }
      return conn.prepareStatement(sql);
    }
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  private static long newItem(long version) {
    long id = nextId++;
    jdbi.useHandle(
        h ->
            h.createUpdate("INSERT INTO items (id, name, version) VALUES (?, 'initial', ?)")
                .bind(0, id)
                .bind(1, version)
                .execute());
    return id;
  }

  private static Map<String, Object> row(String table, Object id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT name, version FROM " + table + " WHERE id = ?")
                .bind(0, id)
                .mapToMap()
                .one());
  }

  @Test
  void aRowAnotherWriterAlreadyMovedToTheNextVersionIsAConflict() {
    long id = newItem(1);
    // Another writer commits version 2 before the batch runs.
    jdbi.useHandle(
        h -> h.execute("UPDATE items SET name = 'other writer', version = 2 WHERE id = ?", id));
    long fresh = newItem(1);
    Occ occ = Occ.create(bulk);

    // Two rows: the driver sends a batch of one as a plain statement, with a real count.
    List<BatchOutcome> outcomes =
        occ.batchUpdate(ITEMS)
            .add(id, 1, Map.of("name", "batch"))
            .add(fresh, 1, Map.of("name", "batch"))
            .execute();

    assertThat(outcomes)
        .extracting(BatchOutcome::status, BatchOutcome::expectedVersion, BatchOutcome::version)
        .as("outcomes of a stale row (expected 1, the row is at 2) and a fresh row at 1")
        .containsExactly(tuple(Status.CONFLICT, 1L, 2L), tuple(Status.UPDATED, 1L, 2L));
    assertThat(row("items", id)).containsEntry("name", "other writer").containsEntry("version", 2L);
    assertThat(row("items", fresh)).containsEntry("name", "batch").containsEntry("version", 2L);
  }

  @Test
  void theSameRowTwiceAtTheSameVersionIsUpdatedOnceAndThenInConflict() {
    long id = newItem(1);
    Occ occ = Occ.create(bulk);

    List<BatchOutcome> outcomes =
        occ.batchUpdate(ITEMS)
            .add(id, 1, Map.of("name", "first"))
            .add(id, 1, Map.of("name", "second"))
            .execute();

    assertThat(outcomes)
        .extracting(BatchOutcome::status, BatchOutcome::version)
        .as("outcomes of the same row added twice at version 1")
        .containsExactly(tuple(Status.UPDATED, 2L), tuple(Status.CONFLICT, 2L));
    assertThat(row("items", id)).containsEntry("name", "first").containsEntry("version", 2L);
  }

  @Test
  void aKeyThatMatchesOnlyUnderTheCaseInsensitiveCollationIsReportedUpdated() {
    jdbi.useHandle(
        h -> h.execute("INSERT INTO codes (id, name, version) VALUES ('abc', 'initial', 1)"));
    Occ occ = Occ.create(jdbi);

    List<BatchOutcome> outcomes =
        occ.batchUpdate(CODES).add("ABC", 1, Map.of("name", "batch")).execute();

    // The database matched 'ABC' to the row 'abc' and updated it.
    assertThat(row("codes", "abc")).containsEntry("name", "batch").containsEntry("version", 2L);
    assertThat(outcomes)
        .extracting(BatchOutcome::status, BatchOutcome::version)
        .as("outcome of the row the database updated for id 'ABC'")
        .containsExactly(tuple(Status.UPDATED, 2L));
  }

  @Test
  void aBinaryKeyRowIsReportedUpdated() {
    byte[] id = new byte[16];
    for (int i = 0; i < id.length; i++) {
      id[i] = (byte) (i * 7 + 1);
    }
    jdbi.useHandle(
        h ->
            h.createUpdate("INSERT INTO blobs (id, name, version) VALUES (?, 'initial', 1)")
                .bind(0, id)
                .execute());
    Occ occ = Occ.create(jdbi);

    List<BatchOutcome> outcomes =
        occ.batchUpdate(BLOBS).add(id, 1, Map.of("name", "batch")).execute();

    assertThat(row("blobs", id)).containsEntry("name", "batch").containsEntry("version", 2L);
    assertThat(outcomes)
        .extracting(BatchOutcome::status, BatchOutcome::version)
        .as("outcome of the BINARY(16) row the database updated")
        .containsExactly(tuple(Status.UPDATED, 2L));
  }
}
