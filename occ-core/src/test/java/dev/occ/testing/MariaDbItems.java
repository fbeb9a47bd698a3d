package dev.occ.testing;

import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;

/**
 * A fresh MariaDB database holding the {@code items} table of {@link ItemsTable} in InnoDB, for one
 * test class; closing it drops the database. Connections may carry driver options, such as the
 * isolation every session starts with.
 */
public final class MariaDbItems implements AutoCloseable {
  private final TestDatabases.MariaDbDatabase database;
  private final String url;
  private final Jdbi jdbi;
  private final AtomicLong nextId = new AtomicLong(1);

  private MariaDbItems(TestDatabases.MariaDbDatabase database, String options) {
    this.database = database;
    this.url = options.isEmpty() ? database.url() : database.url(options);
    this.jdbi = Jdbi.create(url, database.user(), database.password());
    jdbi.useHandle(
        h ->
            h.execute(
                "CREATE TABLE items ("
                    + " id BIGINT PRIMARY KEY,"
                    + " name VARCHAR(200) NOT NULL DEFAULT '',"
                    + " counter BIGINT NOT NULL DEFAULT 0,"
                    + " version BIGINT NOT NULL,"
                    + " updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB"));
  }

  /** Creates a database named after the prefix, with the {@code items} table in it. */
  public static MariaDbItems create(String prefix) {
    return create(prefix, "");
  }

  /**
   * Creates a database named after the prefix, with the {@code items} table in it, reached through
   * connections opened with the driver options.
   *
   * @param options {@code key=value} pairs joined by {@code &}, e.g. {@code
   *     transactionIsolation=READ-COMMITTED}; empty for none
   */
  public static MariaDbItems create(String prefix, String options) {
    return new MariaDbItems(TestDatabases.freshMariaDbDatabase(prefix), options);
  }

  /** Returns the JDBC URL of connections into the database, options included. */
  public String url() {
    return url;
  }

  /** Returns the database user. */
  public String user() {
    return database.user();
  }

  /** Returns the database password. */
  public String password() {
    return database.password();
  }

  /** Returns a Jdbi whose connections use the database and the options. */
  public Jdbi jdbi() {
    return jdbi;
  }

  /**
   * Returns the isolation level a fresh session of {@link #jdbi()} runs at, as MariaDB names it.
   */
  public String sessionIsolation() {
    return jdbi.withHandle(h -> h.createQuery("SELECT @@tx_isolation").mapTo(String.class).one());
  }

  /**
   * Inserts a row with an id no other test in the class uses, at the version, and returns the id.
   */
  public long newRow(long version) {
    long id = nextId.getAndIncrement();
    ItemsTable.insert(jdbi, id, version);
    return id;
  }

  @Override
  public void close() {
    database.close();
  }
}
