package dev.occ.example.shop;

import dev.occ.Occ;
import dev.occ.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The board's ETag on PostgreSQL, in a schema of its own that is dropped afterwards. */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PostgresBoardETagIntegrationTest extends BoardETagContract {
  private static TestDatabases.Schema schema;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    schema = TestDatabases.freshPostgresSchema("etag");
    PostgresProperties.add(registry, schema);
  }

  /** The schema's owner, whom row-level security does not bind: the test's direct writes. */
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
