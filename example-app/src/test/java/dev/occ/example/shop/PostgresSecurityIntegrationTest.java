package dev.occ.example.shop;

import dev.occ.Occ;
import dev.occ.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Who may call what, on PostgreSQL with row-level security: the app runs as the role that owns no
 * table, in a schema of its own that is dropped afterwards.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PostgresSecurityIntegrationTest extends SecurityContract {
  private static TestDatabases.Schema schema;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    schema = TestDatabases.freshPostgresSchema("security");
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
