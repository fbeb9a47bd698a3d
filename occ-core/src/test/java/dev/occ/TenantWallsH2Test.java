package dev.occ;

import dev.occ.testing.TestDatabases;
import dev.occ.testing.TicketsTable;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;

/** The tenant-walls property on in-memory H2 in PostgreSQL mode, the example app's default. */
class TenantWallsH2Test extends TenantWallsProperty {
  private static Jdbi jdbi;

  @BeforeAll
  static void createDatabase() {
    jdbi = Jdbi.create(TestDatabases.freshH2Url());
    TicketsTable.create(jdbi, false);
  }

  @Override
  Jdbi jdbi() {
    return jdbi;
  }

  @Override
  boolean mayFailTransiently() {
    // H2 may time out on a row lock or report a concurrent update; occ retries those, and a
    // failure that outlasts the retries must still have changed nothing (checked by the chain).
    return true;
  }
}
