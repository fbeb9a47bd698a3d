package dev.occ.spring.boot.idempotency.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code @Idempotent} on an in-memory H2 database in H2's own mode, which waits its LOCK_TIMEOUT
 * (set to 500 ms in the URL) for a key in flight.
 */
class H2IdempotencyTest extends IdempotencyContract {
  private static final String URL =
      "jdbc:h2:mem:idem_"
          + UUID.randomUUID().toString().replace("-", "")
          + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=500";

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) throws SQLException {
    try (Connection c = DriverManager.getConnection(URL, "sa", "")) {
      createTables(
          c,
          "h2",
          "CREATE TABLE notes (id BIGINT PRIMARY KEY, content VARCHAR(200) NOT NULL)",
          "CREATE TRIGGER fail_first_flaky BEFORE INSERT ON notes FOR EACH ROW CALL '"
              + FailFirstFlakyH2.class.getName()
              + "'");
    }
    registry.add("spring.datasource.url", () -> URL);
    registry.add("spring.datasource.username", () -> "sa");
    registry.add("spring.datasource.password", () -> "");
  }
}
