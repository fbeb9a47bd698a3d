package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.occ.example.shop.appointments.Status;
import dev.occ.example.shop.support.Appointments;
import dev.occ.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * PostgreSQL's row-level security, checked in SQL as the app's role, past the app: the role owns
 * nothing and bypasses nothing; without a shop it sees and changes no card and no move (fail
 * closed); with a shop, only that shop's, and it cannot write a row into another shop.
 */
@SpringBootTest(properties = "shop.demo-data=false")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RowLevelSecurityIntegrationTest {
  private static TestDatabases.Schema schema;

  private long north;
  private long south;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    schema = TestDatabases.freshPostgresSchema("rls");
    PostgresProperties.add(registry, schema);
  }

  @AfterAll
  static void dropSchema() {
    if (schema != null) {
      schema.close();
    }
  }

  @BeforeEach
  void cards() throws SQLException {
    Appointments owner = new Appointments(PostgresProperties.owner(schema));
    try (Connection c = schema.connect();
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO shops (id, name) VALUES ('south', 'South') ON CONFLICT DO NOTHING");
    }
    north = owner.create("north", Status.SCHEDULED, Instant.now());
    south = owner.create("south", Status.SCHEDULED, Instant.now());
    try (Connection c = schema.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO appointment_moves (appointment_id, shop_id, from_status, to_status,"
              + " from_version, to_version, moved_at) VALUES ("
              + south
              + ", 'south', 'SCHEDULED', 'SCHEDULED', 0, 1, now())");
    }
  }

  @Test
  void theAppsRoleOwnsNoTableAndCannotBypassRowLevelSecurity() throws SQLException {
    try (Connection c = schema.connect();
        Statement s = c.createStatement();
        ResultSet role =
            s.executeQuery(
                "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = '"
                    + PostgresProperties.APP_ROLE
                    + "'")) {
      assertThat(role.next()).isTrue();
      assertThat(role.getBoolean(1)).as("superuser").isFalse();
      assertThat(role.getBoolean(2)).as("bypassrls").isFalse();
    }
    assertThat(
            count(
                "SELECT COUNT(*) FROM pg_tables WHERE schemaname = '"
                    + schema.schema()
                    + "' AND tableowner = '"
                    + PostgresProperties.APP_ROLE
                    + "'"))
        .isZero();
    assertThat(
            count(
                "SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = '"
                    + schema.schema()
                    + "' AND c.relname IN ('appointments', 'appointment_moves')"
                    + " AND c.relrowsecurity"))
        .isEqualTo(2);
  }

  @Test
  void withoutAShopTheAppsRoleSeesAndChangesNothing() throws SQLException {
    try (Connection app = appConnection();
        Statement s = app.createStatement()) {
      assertThat(one(s, "SELECT COUNT(*) FROM appointments")).isZero();
      assertThat(one(s, "SELECT COUNT(*) FROM appointment_moves")).isZero();
      assertThat(s.executeUpdate("UPDATE appointments SET status = 'READY'")).isZero();
      assertThat(s.executeUpdate("DELETE FROM appointment_moves")).isZero();
      assertThatThrownBy(
              () ->
                  s.executeUpdate(
                      "INSERT INTO appointments (shop_id, customer_name, vehicle, status,"
                          + " start_ts) VALUES ('north', 'x', 'y', 'SCHEDULED', now())"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
    }
    assertUnchanged();
  }

  @Test
  void withAShopTheAppsRoleSeesAndChangesThatShopsRowsOnly() throws SQLException {
    try (Connection app = appConnection()) {
      app.setAutoCommit(false);
      try (PreparedStatement set = app.prepareStatement("SELECT set_config('shop.id', ?, true)")) {
        set.setString(1, "north");
        set.execute();
      }
      try (Statement s = app.createStatement()) {
        assertThat(one(s, "SELECT COUNT(*) FROM appointments WHERE id = " + north)).isOne();
        assertThat(one(s, "SELECT COUNT(*) FROM appointments WHERE id = " + south)).isZero();
        assertThat(one(s, "SELECT COUNT(*) FROM appointment_moves")).isZero();
        assertThat(
                s.executeUpdate(
                    "UPDATE appointments SET version = version + 1 WHERE id = " + south))
            .isZero();
        assertThatThrownBy(
                () ->
                    s.executeUpdate(
                        "UPDATE appointments SET shop_id = 'south' WHERE id = " + north))
            .isInstanceOf(SQLException.class);
      }
      app.rollback();
      // The setting lasted as long as its transaction: the next one sees nothing again.
      app.setAutoCommit(true);
      try (Statement s = app.createStatement()) {
        assertThat(one(s, "SELECT COUNT(*) FROM appointments")).isZero();
      }
    }
    assertUnchanged();
  }

  private void assertUnchanged() throws SQLException {
    String both = " WHERE id IN (" + north + ", " + south + ")";
    assertThat(count("SELECT COUNT(*) FROM appointments" + both + " AND version = 1")).isEqualTo(2);
    assertThat(count("SELECT COUNT(*) FROM appointments" + both + " AND status = 'SCHEDULED'"))
        .isEqualTo(2);
    assertThat(count("SELECT COUNT(*) FROM appointment_moves WHERE appointment_id = " + south))
        .isOne();
  }

  private static Connection appConnection() throws SQLException {
    return DriverManager.getConnection(
        schema.url(), PostgresProperties.APP_ROLE, schema.password());
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = schema.connect();
        Statement s = c.createStatement()) {
      return one(s, sql);
    }
  }

  private static long one(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
