package dev.occ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.occ.testing.TestDatabases;
import dev.occ.testing.TestDatabases.MariaDbDatabase;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The write-then-read path that occ uses on MariaDB, on InnoDB at MariaDB's default REPEATABLE
 * READ: a plain read after a write that matched nothing sees the transaction's snapshot, not the
 * row that made the write miss; and an insert with the caller's own id must not depend on generated
 * keys.
 */
class MariaDbWriteThenReadIntegrationTest {
  private static final VersionedTable ITEMS = VersionedTable.of("items");
  private static final VersionedTable CODES = VersionedTable.of("codes");

  private static MariaDbDatabase db;
  private static Jdbi jdbi;

  /**
   * Another writer's own Jdbi: inside {@code jdbi.useTransaction}, {@code jdbi.useHandle} on the
   * same thread would reuse the transaction's handle instead of opening another connection.
   */
  private static Jdbi other;

  private static long nextId = 1;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabases.freshMariaDbDatabase("occ_mdb_wtr");
    jdbi = Jdbi.create(db.url(), db.user(), db.password());
    other = Jdbi.create(db.url(), db.user(), db.password());
    jdbi.useHandle(
        h -> {
          h.execute(
              "CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(200) NOT NULL DEFAULT '',"
                  + " version BIGINT NOT NULL,"
                  + " updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB");
          h.execute(
              "CREATE TABLE codes (id VARCHAR(36) PRIMARY KEY, name VARCHAR(200) NOT NULL DEFAULT '',"
                  + " version BIGINT NOT NULL,"
                  + " updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB");
          String isolation = h.createQuery("SELECT @@tx_isolation").mapTo(String.class).one();
          assertThat(isolation)
              .as("precondition: the server's default isolation")
              .isEqualTo("REPEATABLE-READ");
        });
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

  /**
   * Reads the version in the caller's transaction, which fixes its snapshot (a consistent read).
   */
  private static long readVersion(Handle h, long id) {
    return h.createQuery("SELECT version FROM items WHERE id = ?")
        .bind(0, id)
        .mapTo(Long.class)
        .one();
  }

  /** Another connection commits a move of the row to the next version. */
  private static void anotherWriterMoves(long id, long toVersion) {
    other.useHandle(
        h ->
            h.createUpdate("UPDATE items SET name = 'other writer', version = ? WHERE id = ?")
                .bind(0, toVersion)
                .bind(1, id)
                .execute());
  }

  @Test
  void anUpdateThatLosesToAWriteCommittedAfterTheSnapshotIsAVersionConflict() {
    long id = newItem(1);
    Occ occ = Occ.create(jdbi);

    Throwable thrown =
        catchThrowable(
            () ->
                jdbi.useTransaction(
                    h -> {
                      long read = readVersion(h, id);
                      anotherWriterMoves(id, read + 1);
                      occ.update(ITEMS)
                          .set("name", "mine")
                          .whereId(id)
                          .expectVersion(read)
                          .execute(h);
                    }));

    assertThat(thrown)
        .as("an update at version 1 after another writer committed version 2")
        .isInstanceOfSatisfying(
            VersionConflictException.class, e -> assertThat(e.actualVersion()).isEqualTo(2));
    assertThat(row("items", id)).containsEntry("name", "other writer").containsEntry("version", 2L);
  }

  @Test
  void anUpdateAskingForTheCurrentRowGetsTheCommittedRowInTheConflict() {
    long id = newItem(1);
    Occ occ = Occ.create(jdbi);

    Throwable thrown =
        catchThrowable(
            () ->
                jdbi.useTransaction(
                    h -> {
                      long read = readVersion(h, id);
                      anotherWriterMoves(id, read + 1);
                      occ.update(ITEMS)
                          .set("name", "mine")
                          .whereId(id)
                          .expectVersion(read)
                          .fetchCurrentOnConflict()
                          .execute(h);
                    }));

    assertThat(thrown)
        .as(
            "an update at version 1, asking for the current row, after another writer committed version 2")
        .isInstanceOfSatisfying(
            VersionConflictException.class,
            e -> {
              assertThat(e.actualVersion()).isEqualTo(2);
              assertThat(e.currentRow()).containsEntry("name", "other writer");
            });
  }

  @Test
  void aDeleteThatLosesToAWriteCommittedAfterTheSnapshotIsAVersionConflict() {
    long id = newItem(1);
    Occ occ = Occ.create(jdbi);

    Throwable thrown =
        catchThrowable(
            () ->
                jdbi.useTransaction(
                    h -> {
                      long read = readVersion(h, id);
                      anotherWriterMoves(id, read + 1);
                      occ.delete(ITEMS).whereId(id).expectVersion(read).execute(h);
                    }));

    assertThat(thrown)
        .as("a delete at version 1 after another writer committed version 2")
        .isInstanceOfSatisfying(
            VersionConflictException.class, e -> assertThat(e.actualVersion()).isEqualTo(2));
    assertThat(row("items", id)).containsEntry("version", 2L);
  }

  @Test
  void anInsertWithTheCallersOwnIdReturnsThatIdAndTheInitialVersion() {
    Occ occ = Occ.create(jdbi);
    AtomicReference<RowVersion> inserted = new AtomicReference<>();

    assertThatCode(
            () ->
                inserted.set(
                    occ.insert(CODES).value("id", "code-1").value("name", "new").execute()))
        .as("insert with a caller-supplied VARCHAR id")
        .doesNotThrowAnyException();

    assertThat(inserted.get().id()).isEqualTo("code-1");
    assertThat(inserted.get().version()).isEqualTo(1);
    assertThat(row("codes", "code-1")).containsEntry("name", "new").containsEntry("version", 1L);
  }
}
