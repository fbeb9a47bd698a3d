package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.example.shop.appointments.Status;
import dev.occ.testing.TestDatabases;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP contract on MariaDB, in a database of its own that is dropped afterwards: the MariaDB
 * migrations, the move as occ does it there (a locking read, the UPDATE, the history INSERT) and
 * timestamps through a UTC session.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class MariaDbAppointmentApiIntegrationTest extends AppointmentApiContract {
  private static TestDatabases.MariaDbDatabase database;

  /**
   * MariaDbSettings ends a row-lock wait 1 s before shop.statement-timeout, with 1205, which occ
   * retries as a lock timeout; once retries run out the move is answered TRANSIENT_FAILURE. (The
   * statement timeout itself would end it with 1969, "interrupted", which says nothing about why.)
   */
  @Override
  String codeOfAMoveBlockedTooLong() {
    return "TRANSIENT_FAILURE";
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    database = TestDatabases.freshMariaDbDatabase("app");
    MariaDbProperties.add(registry, database);
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  void flywayAppliedTheMariaDbMigrations() throws Exception {
    List<String> scripts = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT script, success FROM flyway_schema_history WHERE version IS NOT NULL"
                    + " ORDER BY installed_rank")) {
      while (rs.next()) {
        assertThat(rs.getBoolean(2)).as(rs.getString(1)).isTrue();
        scripts.add(rs.getString(1));
      }
    }
    assertThat(scripts)
        .startsWith("V1__appointments.sql", "V2__appointment_moves.sql", "V3__idempotency_keys.sql")
        .isEqualTo(MigrationVersionsTest.scripts(MariaDbSettings.MARIADB_MIGRATIONS));
    assertThat(columnType("appointments", "start_ts")).isEqualTo("timestamp(6)");
    assertThat(columnType("appointment_moves", "moved_at")).isEqualTo("timestamp(6)");
    assertThat(columnType("occ_idempotency_keys", "response_body")).isEqualTo("mediumblob");
  }

  @Test
  void theAppsSessionsRunInUtcAndEndLockWaitsBeforeTheStatementTimeout() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT @@session.time_zone, @@session.innodb_lock_wait_timeout")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("+00:00");
      // shop.statement-timeout is 3 s
      assertThat(rs.getInt(2)).isEqualTo(2);
    }
  }

  @Test
  void timestampsAreStoredAsTheInstantsTheyStandFor() throws SQLException {
    Instant start = Instant.parse("2031-11-02T05:30:00.123456Z");
    long id = rows.create(Status.SCHEDULED, start);
    api.move(id, "CHECKED_IN", 1);

    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT UNIX_TIMESTAMP(a.start_ts), UNIX_TIMESTAMP(a.updated_at),"
                    + " UNIX_TIMESTAMP(m.moved_at) FROM appointments a"
                    + " JOIN appointment_moves m ON m.appointment_id = a.id WHERE a.id = "
                    + id)) {
      assertThat(rs.next()).isTrue();
      // UNIX_TIMESTAMP of a TIMESTAMP column is the stored instant, whatever the session's zone.
      assertThat(epochMicros(rs.getBigDecimal(1))).isEqualTo(micros(start));
      Instant updatedAt =
          Instant.parse(api.history(id).data().get("moves").get(0).get("moved_at").stringValue());
      assertThat(epochMicros(rs.getBigDecimal(2)) / 1000).isEqualTo(updatedAt.toEpochMilli());
      assertThat(epochMicros(rs.getBigDecimal(3))).isEqualTo(epochMicros(rs.getBigDecimal(2)));
    }
  }

  @Test
  void aMoveLeavesTheStartTimeAlone() {
    LocalDate day = LocalDate.of(2031, 6, 3);
    long id = rows.create(Status.SCHEDULED, at(day, 8, 15));

    assertThat(api.move(id, "CHECKED_IN", 1).status()).isEqualTo(200);

    JsonNode card =
        api.get("/api/admin/appointments/board?from=" + day + "&to=" + day)
            .data()
            .get("columns")
            .get(1)
            .get("items")
            .get(0);
    assertThat(card.get("version").longValue()).isEqualTo(2);
    assertThat(Instant.parse(card.get("start_ts").stringValue())).isEqualTo(at(day, 8, 15));
  }

  private String columnType(String table, String column) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT column_type FROM information_schema.columns WHERE table_schema = DATABASE()"
                    + " AND table_name = '"
                    + table
                    + "' AND column_name = '"
                    + column
                    + "'")) {
      assertThat(rs.next()).as(table + "." + column).isTrue();
      return rs.getString(1);
    }
  }

  private static long epochMicros(BigDecimal seconds) {
    return seconds.movePointRight(6).longValueExact();
  }

  private static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
  }
}
