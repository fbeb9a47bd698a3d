package dev.occ.testing;

import dev.occ.VersionedTable;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * A versioned table shared by two tenants, walled off by {@code shop_id}, with plain-SQL helpers:
 * setup and checks bypass occ, and see every tenant's rows.
 */
public final class TicketsTable {
  /** occ's description of the table: scoped by {@code shop_id}. */
  public static final VersionedTable TICKETS =
      VersionedTable.builder("tickets").scopeColumn("shop_id").build();

  /** A row as stored. */
  public record Row(String shop, String name, long counter, long version) {}

  private TicketsTable() {}

  /**
   * Creates the table.
   *
   * @param mariaDb whether the database is MariaDB (microsecond timestamps, InnoDB); else the DDL
   *     is PostgreSQL's and H2's
   */
  public static void create(Jdbi jdbi, boolean mariaDb) {
    String updatedAt =
        mariaDb
            ? "TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)"
            : "TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP";
    jdbi.useHandle(
        h ->
            h.execute(
                "CREATE TABLE tickets (id BIGINT PRIMARY KEY, shop_id VARCHAR(20) NOT NULL,"
                    + " name VARCHAR(200) NOT NULL DEFAULT '', counter BIGINT NOT NULL DEFAULT 0,"
                    + " version BIGINT NOT NULL, updated_at "
                    + updatedAt
                    + ")"
                    + (mariaDb ? " ENGINE=InnoDB" : "")));
  }

  /** Inserts a row of the shop named {@code initial} at the given version. */
  public static void insert(Jdbi jdbi, long id, String shop, long version) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO tickets (id, shop_id, name, version)"
                        + " VALUES (:id, :shop, 'initial', :version)")
                .bind("id", id)
                .bind("shop", shop)
                .bind("version", version)
                .execute());
  }

  /** Returns the row as committed, whichever shop it belongs to, or empty if it does not exist. */
  public static Optional<Row> row(Jdbi jdbi, long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT shop_id, name, counter, version FROM tickets WHERE id = :id")
                .bind("id", id)
                .map(
                    (rs, ctx) ->
                        new Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
                .findOne());
  }
}
