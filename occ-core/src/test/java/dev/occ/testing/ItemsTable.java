package dev.occ.testing;

import dev.occ.VersionedTable;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The versioned table the concurrency tests write to, with plain-SQL helpers: setup and checks
 * bypass occ, so a test never trusts the code it is testing to tell it what happened.
 */
public final class ItemsTable {
  /** occ's description of the table. */
  public static final VersionedTable ITEMS = VersionedTable.of("items");

  private ItemsTable() {}

  /** Creates the table; the DDL is valid on PostgreSQL and on H2 in PostgreSQL mode. */
  public static void create(Jdbi jdbi) {
    jdbi.useHandle(
        h ->
            h.execute(
                "CREATE TABLE items ("
                    + " id BIGINT PRIMARY KEY,"
                    + " name VARCHAR(200) NOT NULL DEFAULT '',"
                    + " counter BIGINT NOT NULL DEFAULT 0,"
                    + " version BIGINT NOT NULL,"
                    + " updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP)"));
  }

  /** Inserts a row named {@code initial} at the given version. */
  public static void insert(Jdbi jdbi, long id, long version) {
    jdbi.useHandle(
        h ->
            h.createUpdate("INSERT INTO items (id, name, version) VALUES (?, 'initial', ?)")
                .bind(0, id)
                .bind(1, version)
                .execute());
  }

  /** Returns the row's committed version, or empty if the row does not exist. */
  public static OptionalLong version(Jdbi jdbi, long id) {
    return jdbi.withHandle(h -> version(h, id));
  }

  /** Returns the row's version as the handle's transaction sees it. */
  public static OptionalLong version(Handle h, long id) {
    return h.createQuery("SELECT version FROM items WHERE id = ?")
        .bind(0, id)
        .mapTo(Long.class)
        .findOne()
        .map(OptionalLong::of)
        .orElse(OptionalLong.empty());
  }

  /**
   * Reads the row's version and locks the row for the handle's transaction; fails if it is missing.
   */
  public static long lockedVersion(Handle h, long id) {
    return h.createQuery("SELECT version FROM items WHERE id = ? FOR UPDATE")
        .bind(0, id)
        .mapTo(Long.class)
        .one();
  }

  /** Returns the row's name column; fails if the row does not exist. */
  public static String name(Jdbi jdbi, long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT name FROM items WHERE id = ?")
                .bind(0, id)
                .mapTo(String.class)
                .one());
  }

  /** Returns the row's counter column; fails if the row does not exist. */
  public static long counter(Jdbi jdbi, long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT counter FROM items WHERE id = ?")
                .bind(0, id)
                .mapTo(Long.class)
                .one());
  }
}
