package dev.occ;

import dev.occ.testing.TestDatabases;
import dev.occ.testing.TicketsTable;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The tenant-walls property on PostgreSQL, the reference database. */
class TenantWallsPostgresIntegrationTest extends TenantWallsProperty {
  private static TestDatabases.Schema schema;
  private static Jdbi jdbi;

  @BeforeAll
  static void createSchema() {
    schema = TestDatabases.freshPostgresSchema("occ_walls");
    jdbi = Jdbi.create(schema.url(), schema.user(), schema.password());
    TicketsTable.create(jdbi, false);
  }

  @AfterAll
  static void dropSchema() {
    schema.close();
  }

  @Override
  Jdbi jdbi() {
    return jdbi;
  }

  @Override
  boolean mayFailTransiently() {
    // READ COMMITTED: a single-row write waits for the row lock and re-checks its WHERE clause, and
    // a batch locks its rows in one ordered read before it writes, so no lock cycle can form.
    return false;
  }
}
