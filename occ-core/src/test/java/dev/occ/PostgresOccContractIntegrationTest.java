package dev.occ;

import dev.occ.testing.TestDatabases;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract on PostgreSQL, the reference database: {@code UPDATE … RETURNING}. */
class PostgresOccContractIntegrationTest extends OccContractTest {
  private static TestDatabases.Schema schema;

  @BeforeAll
  static void createSchema() {
    schema = TestDatabases.freshPostgresSchema("occ_contract");
  }

  @AfterAll
  static void dropSchema() {
    schema.close();
  }

  @Override
  Jdbi jdbi() {
    return Jdbi.create(schema.url(), schema.user(), schema.password());
  }
}
