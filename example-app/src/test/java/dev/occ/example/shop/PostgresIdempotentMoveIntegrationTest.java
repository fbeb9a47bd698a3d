package dev.occ.example.shop;

import dev.occ.Occ;
import dev.occ.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Idempotent moves on PostgreSQL, with the key table from the app's Flyway migration. */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PostgresIdempotentMoveIntegrationTest extends IdempotentMoveContract {
  private static TestDatabases.Schema schema;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    schema = TestDatabases.freshPostgresSchema("idem_app");
    PostgresProperties.add(registry, schema);
  }

  /** The schema's owner, whom row-level security does not bind: the test's direct reads. */
  @Override
  Occ ownerOcc() {
    return PostgresProperties.owner(schema);
  }

  @AfterAll
  static void dropSchema() {
    if (schema != null) {
      schema.close();
    }
  }
}
