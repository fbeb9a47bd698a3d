package dev.occ.example.shop;

import dev.occ.Occ;
import dev.occ.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The HTTP contract on PostgreSQL, in a schema of its own that is dropped afterwards. */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PostgresAppointmentApiIntegrationTest extends AppointmentApiContract {
  private static TestDatabases.Schema schema;

  /**
   * PostgreSQL waits for a row lock until shop.statement-timeout cancels the statement (57014). occ
   * does not retry it (another wait as long would not help the client), but the database answered
   * and was merely busy: TRANSIENT_FAILURE, as H2's lock timeout.
   */
  @Override
  String codeOfAMoveBlockedTooLong() {
    return "TRANSIENT_FAILURE";
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    schema = TestDatabases.freshPostgresSchema("app");
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
