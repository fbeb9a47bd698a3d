package dev.occ.spring.boot.idempotency.it;

import dev.occ.testing.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@code @Idempotent} on PostgreSQL, in a schema of its own. */
class PostgresIdempotencyIntegrationTest extends IdempotencyContract {
  private static final TestDatabases.Schema SCHEMA = TestDatabases.freshPostgresSchema("idem");

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) throws SQLException {
    try (Connection c = SCHEMA.connect()) {
      createTables(
          c,
          "postgresql",
          "CREATE TABLE notes (id BIGINT PRIMARY KEY, content VARCHAR(200) NOT NULL)",
          // nextval is not rolled back: it counts the inserts of "flaky" across transactions.
          "CREATE SEQUENCE flaky_attempts",
          """
          CREATE FUNCTION fail_first_flaky() RETURNS trigger AS $$
          BEGIN
            IF NEW.content = 'flaky' THEN
              IF nextval('flaky_attempts') = 1 THEN
                RAISE EXCEPTION 'injected serialization failure' USING ERRCODE = '40001';
              END IF;
            END IF;
            RETURN NEW;
          END $$ LANGUAGE plpgsql""",
          "CREATE TRIGGER fail_first_flaky BEFORE INSERT ON notes"
              + " FOR EACH ROW EXECUTE FUNCTION fail_first_flaky()");
    }
    registry.add("spring.datasource.url", SCHEMA::url);
    registry.add("spring.datasource.username", SCHEMA::user);
    registry.add("spring.datasource.password", SCHEMA::password);
  }

  @AfterAll
  static void dropSchema() {
    SCHEMA.close();
  }
}
