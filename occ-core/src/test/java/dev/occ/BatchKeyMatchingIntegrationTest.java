package dev.occ;

import dev.occ.testing.TestDatabases;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Batch key matching on PostgreSQL. */
class BatchKeyMatchingIntegrationTest extends BatchKeyMatchingContract {
  private static TestDatabases.Schema schema;

  @BeforeAll
  static void createSchema() {
    schema = TestDatabases.freshPostgresSchema("occ_batch_keys");
  }

  @AfterAll
  static void dropSchema() {
    schema.close();
  }

  @Override
  Jdbi jdbi() {
    return Jdbi.create(schema.url(), schema.user(), schema.password());
  }

  @Override
  String binaryType() {
    return "BYTEA";
  }
}
