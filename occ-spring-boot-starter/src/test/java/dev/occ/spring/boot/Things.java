package dev.occ.spring.boot;

import dev.occ.VersionedTable;
import dev.occ.testing.TestDatabases;
import org.jdbi.v3.core.Jdbi;

/** A versioned test table, {@code things(id, name, version, updated_at)}, on any Jdbi. */
public final class Things {
  /** The table as occ sees it. */
  public static final VersionedTable TABLE = VersionedTable.of("things");

  private Things() {}

  /** Returns {@code spring.datasource.url=…} of a fresh private H2 database. */
  public static String h2DataSourceProperty() {
    return "spring.datasource.url=" + TestDatabases.freshH2Url();
  }

  /** Creates the table. */
  public static void create(Jdbi jdbi) {
    jdbi.useHandle(
        h ->
            h.execute(
                "CREATE TABLE things (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
                    + " version BIGINT NOT NULL, updated_at TIMESTAMP WITH TIME ZONE)"));
  }

  /** Inserts a row. */
  public static void insert(Jdbi jdbi, long id, String name, long version) {
    jdbi.useHandle(
        h ->
            h.execute(
                "INSERT INTO things (id, name, version) VALUES (?, ?, ?)", id, name, version));
  }

  /** Returns the row's name and version as {@code name@version}. */
  public static String row(Jdbi jdbi, long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT name || '@' || version FROM things WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .one());
  }
}
