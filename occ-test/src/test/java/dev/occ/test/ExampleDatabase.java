package dev.occ.test;

import dev.occ.testing.TestDatabases;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;

/** The database of README's example: a fresh in-memory H2 with account 1 at version 1. */
final class ExampleDatabase {
  private ExampleDatabase() {}

  static DataSource accounts() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(TestDatabases.freshH2Url());
    Jdbi.create(h2)
        .useHandle(
            h -> {
              h.execute(
                  "CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner VARCHAR(100) NOT NULL,"
                      + " version BIGINT NOT NULL, updated_at TIMESTAMP WITH TIME ZONE NOT NULL)");
              h.execute("INSERT INTO accounts VALUES (1, 'Grace', 1, CURRENT_TIMESTAMP)");
            });
    return h2;
  }
}
