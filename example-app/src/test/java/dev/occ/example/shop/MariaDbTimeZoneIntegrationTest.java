package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.Occ;
import dev.occ.example.shop.appointments.Status;
import dev.occ.example.shop.support.Api;
import dev.occ.example.shop.support.Appointments;
import dev.occ.example.shop.support.Users;
import dev.occ.testing.TestDatabases;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.TimeZone;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Timestamps on MariaDB are the instants they stand for when the JVM runs in another zone than the
 * server's sessions would, and in one with daylight saving time: the app, started in
 * America/New_York against a server whose sessions default to its own zone, stores and reads start
 * and update times exactly, both 1:30 a.m. of the night the clocks go back included. With MariaDB
 * Connector/J's defaults (the JVM's wall clock on the wire) the stored instants would be four to
 * five hours off and those two would be one.
 */
class MariaDbTimeZoneIntegrationTest {
  private static final String ZONE = "America/New_York";

  /** 2031-11-02 01:30 EDT, and an hour later 01:30 EST. */
  private static final Instant FIRST_HALF_THIRTY = Instant.parse("2031-11-02T05:30:00.123456Z");

  private static final Instant SECOND_HALF_THIRTY = FIRST_HALF_THIRTY.plus(1, ChronoUnit.HOURS);

  @Test
  void timestampsAreInstantsWhateverTheJvmsZone() throws Exception {
    TimeZone jvmZone = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone(ZONE));
    try (TestDatabases.MariaDbDatabase database = TestDatabases.freshMariaDbDatabase("apptz");
        ConfigurableApplicationContext app = start(database)) {
      Appointments rows = new Appointments(app.getBean(Occ.class));
      Users.signUp(app);
      Api api = Api.as(MariaDbTwoInstancesIntegrationTest.port(app), Users.NORTH_ADVISOR);
      long first = rows.create(Status.SCHEDULED, FIRST_HALF_THIRTY);
      long second = rows.create(Status.SCHEDULED, SECOND_HALF_THIRTY);

      Api.Reply moved = api.move(first, "READY", 1);

      assertThat(moved.status()).isEqualTo(200);
      Instant updatedAt = Instant.parse(moved.data().get("updated_at").stringValue());
      DataSource dataSource = app.getBean(DataSource.class);
      // UNIX_TIMESTAMP of a TIMESTAMP column is the stored instant, whatever the session's zone.
      assertThat(storedMicros(dataSource, "start_ts", first)).isEqualTo(micros(FIRST_HALF_THIRTY));
      assertThat(storedMicros(dataSource, "start_ts", second))
          .isEqualTo(micros(SECOND_HALF_THIRTY));
      assertThat(storedMicros(dataSource, "updated_at", first) / 1000)
          .isEqualTo(updatedAt.toEpochMilli());
      assertThat(startTimes(api.get("/api/admin/appointments/board?from=2031-11-02&to=2031-11-02")))
          .containsEntry(Long.toString(first), FIRST_HALF_THIRTY.truncatedTo(ChronoUnit.MILLIS))
          .containsEntry(Long.toString(second), SECOND_HALF_THIRTY.truncatedTo(ChronoUnit.MILLIS));
      JsonNode move = api.history(first).data().get("moves").get(0);
      assertThat(Instant.parse(move.get("moved_at").stringValue())).isEqualTo(updatedAt);
    } finally {
      TimeZone.setDefault(jvmZone);
    }
  }

  private static ConfigurableApplicationContext start(TestDatabases.MariaDbDatabase database) {
    Map<String, Object> properties = new HashMap<>(MariaDbProperties.of(database));
    properties.put("shop.zone", ZONE);
    return MariaDbTwoInstancesIntegrationTest.start(properties);
  }

  private static Map<String, Instant> startTimes(Api.Reply board) {
    Map<String, Instant> starts = new HashMap<>();
    for (JsonNode column : board.data().get("columns")) {
      for (JsonNode card : column.get("items")) {
        starts.put(
            card.get("appointment_id").stringValue(),
            Instant.parse(card.get("start_ts").stringValue()));
      }
    }
    return starts;
  }

  private static long storedMicros(DataSource dataSource, String column, long id)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT UNIX_TIMESTAMP(" + column + ") FROM appointments WHERE id = " + id)) {
      assertThat(rs.next()).isTrue();
      BigDecimal seconds = rs.getBigDecimal(1);
      return seconds.movePointRight(6).longValueExact();
    }
  }

  private static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
  }
}
