package dev.occ.testing;

import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;

/**
 * A fresh PostgreSQL schema holding the {@code items} table, for one test class: parallel builds
 * and other test classes on the same server never see its rows. Closing it drops the schema.
 */
public final class PostgresItems implements AutoCloseable {
  private final TestDatabases.Schema schema;
  private final Jdbi jdbi;
  private final AtomicLong nextId = new AtomicLong(1);

  private PostgresItems(TestDatabases.Schema schema) {
    this.schema = schema;
    this.jdbi = Jdbi.create(schema.url(), schema.user(), schema.password());
    ItemsTable.create(jdbi);
  }

  /** Creates a schema named after the prefix, with the {@code items} table in it. */
  public static PostgresItems create(String prefix) {
    return new PostgresItems(TestDatabases.freshPostgresSchema(prefix));
  }

  /** Returns the JDBC URL of connections that use the schema. */
  public String url() {
    return schema.url();
  }

  /** Returns the database user. */
  public String user() {
    return schema.user();
  }

  /** Returns the database password. */
  public String password() {
    return schema.password();
  }

  /** Returns a Jdbi whose connections use the schema. */
  public Jdbi jdbi() {
    return jdbi;
  }

  /**
   * Inserts a row with an id no other test in the class uses, at the version, and returns the id.
   */
  public long newRow(long version) {
    long id = nextId.getAndIncrement();
    ItemsTable.insert(jdbi, id, version);
    return id;
  }

  /** Returns an id that no row has. */
  public long missingId() {
    return -nextId.getAndIncrement();
  }

  @Override
  public void close() {
    schema.close();
  }
}
