package dev.occ.spring.boot;

import dev.occ.VersionedTable;
import dev.occ.testing.TestDatabases;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;

/** A versioned test table, {@code things(id, name, version, updated_at)}, on any Jdbi. */
public final class Things {
  /** The table as occ sees it. */
  public static final VersionedTable TABLE = VersionedTable.of("things");

  private static final AtomicLong NEW_IDS = new AtomicLong();

  private Things() {}

  /**
   * Returns a Jdbi on the schema's own connections, a fresh one per use: writes and reads that go
   * past whatever pool the test's app holds, and see only what is committed.
   */
  public static Jdbi direct(TestDatabases.Schema schema) {
    return Jdbi.create(schema::connect);
  }

  /**
   * Inserts a row named {@code new} at version 1 under an id no other call used, and returns it.
   */
  public static long insertNew(Jdbi jdbi) {
    long id = NEW_IDS.incrementAndGet();
    insert(jdbi, id, "new", 1);
    return id;
  }

  /** Returns the row's version; fails if there is no such row. */
  public static long version(Jdbi jdbi, long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT version FROM things WHERE id = :id")
                .bind("id", id)
                .mapTo(Long.class)
                .one());
  }

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
