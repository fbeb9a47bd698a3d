package dev.occ.spring.boot.idempotency.it;

import dev.occ.testing.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code @Idempotent} on MariaDB, in a database of its own, at MariaDB's default isolation
 * (REPEATABLE READ); a key in flight is waited for a whole second, MariaDB's smallest lock wait.
 */
class MariaDbIdempotencyIntegrationTest extends IdempotencyContract {
  private static final TestDatabases.MariaDbDatabase DATABASE =
      TestDatabases.freshMariaDbDatabase("idem");

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) throws SQLException {
    try (Connection c = DATABASE.connect()) {
      createTables(
          c,
          "mariadb",
          "CREATE TABLE notes (id BIGINT PRIMARY KEY, content VARCHAR(200) NOT NULL)",
          // NEXTVAL is not rolled back: it counts the inserts of "flaky" across transactions.
          "CREATE SEQUENCE flaky_attempts",
          "CREATE TRIGGER fail_first_flaky BEFORE INSERT ON notes FOR EACH ROW BEGIN"
              + " IF NEW.content = 'flaky' THEN"
              + "   IF NEXTVAL(flaky_attempts) = 1 THEN"
              + "     SIGNAL SQLSTATE '40001' SET MESSAGE_TEXT = 'injected serialization failure';"
              + "   END IF;"
              + " END IF;"
              + " END");
    }
    registry.add("spring.datasource.url", DATABASE::url);
    registry.add("spring.datasource.username", DATABASE::user);
    registry.add("spring.datasource.password", DATABASE::password);
  }

  @AfterAll
  static void dropDatabase() {
    DATABASE.close();
  }
}
