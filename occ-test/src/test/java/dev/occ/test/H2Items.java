package dev.occ.test;

import dev.occ.testing.ItemsTable;
import dev.occ.testing.TestDatabases;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * A private in-memory H2 database (PostgreSQL mode) holding occ-core's {@code items} table, reached
 * through a plain, unwrapped data source: what the tests read through it never passes the injector.
 */
final class H2Items {
  private final JdbcDataSource dataSource = new JdbcDataSource();
  private final Jdbi jdbi;
  private final AtomicLong nextId = new AtomicLong(1);

  private H2Items() {
    dataSource.setURL(TestDatabases.freshH2Url());
    jdbi = Jdbi.create(dataSource);
    ItemsTable.create(jdbi);
  }

  static H2Items create() {
    return new H2Items();
  }

  /** The real, unwrapped data source. */
  DataSource dataSource() {
    return dataSource;
  }

  /** A Jdbi on the real data source, for setup and checks. */
  Jdbi jdbi() {
    return jdbi;
  }

  /** Inserts a row at the version and returns its id. */
  long newRow(long version) {
    long id = nextId.getAndIncrement();
    ItemsTable.insert(jdbi, id, version);
    return id;
  }

  /** The row's committed version; fails if it is missing. */
  long version(long id) {
    return ItemsTable.version(jdbi, id).orElseThrow();
  }

  /** The row's name. */
  String name(long id) {
    return ItemsTable.name(jdbi, id);
  }
}
