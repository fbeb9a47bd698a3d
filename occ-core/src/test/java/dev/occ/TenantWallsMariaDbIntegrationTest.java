package dev.occ;

import dev.occ.testing.TestDatabases;
import dev.occ.testing.TicketsTable;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The tenant-walls property on MariaDB at InnoDB's default REPEATABLE READ, where occ explains a
 * failed write by a locking read (which must match the scope too).
 */
class TenantWallsMariaDbIntegrationTest extends TenantWallsProperty {
  private static TestDatabases.MariaDbDatabase database;
  private static Jdbi jdbi;

  @BeforeAll
  static void createDatabase() {
    database = TestDatabases.freshMariaDbDatabase("occ_walls");
    jdbi = Jdbi.create(database.url(), database.user(), database.password());
    TicketsTable.create(jdbi, true);
  }

  @AfterAll
  static void dropDatabase() {
    database.close();
  }

  @Override
  Jdbi jdbi() {
    return jdbi;
  }

  @Override
  boolean mayFailTransiently() {
    // Single-row writes lock one row; a batch locks its rows in one read in primary-key order
    // before it writes, so no lock cycle can form.
    return false;
  }
}
