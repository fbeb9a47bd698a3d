package dev.occ.example.shop;

import dev.occ.Occ;
import dev.occ.example.shop.support.TcpProxy;
import dev.occ.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points the app at a test schema on PostgreSQL as it runs in production: Flyway migrates as the
 * schema's owner (the test server's user), and the app connects as {@link #APP_ROLE}, a role that
 * owns nothing and cannot bypass row-level security, so the policies bind every query it sends.
 * Tests read and write rows past the app as the owner ({@link #owner}).
 */
final class PostgresProperties {
  /** The app's role in tests, created when missing; shared by every test schema of the server. */
  static final String APP_ROLE = "occ_shop_app";

  private PostgresProperties() {}

  static Map<String, Object> of(TestDatabases.Schema schema) {
    grantAppRole(schema);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("spring.datasource.url", schema.url());
    p.put("spring.datasource.username", APP_ROLE);
    p.put("spring.datasource.password", schema.password());
    p.put("spring.flyway.user", schema.user());
    p.put("spring.flyway.password", schema.password());
    p.put("spring.flyway.schemas", schema.schema());
    p.put("spring.flyway.default-schema", schema.schema());
    return p;
  }

  static void add(DynamicPropertyRegistry registry, TestDatabases.Schema schema) {
    of(schema).forEach((key, value) -> registry.add(key, () -> value));
  }

  /** As {@link #add}, but the app reaches the database through the proxy (Flyway too). */
  static void addThrough(
      DynamicPropertyRegistry registry, TestDatabases.Schema schema, TcpProxy proxy) {
    Map<String, Object> properties = of(schema);
    properties.put("spring.datasource.url", proxy.route(schema.url()));
    properties.forEach((key, value) -> registry.add(key, () -> value));
  }

  /** An Occ on the schema as its owner, whom row-level security does not bind: direct reads. */
  static Occ owner(TestDatabases.Schema schema) {
    return Occ.create(Jdbi.create(schema.url(), schema.user(), schema.password()));
  }

  /**
   * Creates the app's role if the server has none (NOSUPERUSER NOBYPASSRLS, the same password as
   * the test server's user, so that no password of its own is needed), lets it use the schema, and
   * grants it reading and writing of every table and sequence that the owner will create there:
   * what an operator does for a real deployment (README, Security).
   */
  static void grantAppRole(TestDatabases.Schema schema) {
    try (Connection c =
            DriverManager.getConnection(schema.url(), schema.user(), schema.password());
        Statement s = c.createStatement()) {
      String password = schema.password().replace("'", "''");
      // Idempotent, and safe against another test JVM creating it at the same moment.
      s.execute(
          "DO $$ BEGIN CREATE ROLE "
              + APP_ROLE
              + " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '"
              + password
              + "'; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$");
      s.execute("GRANT USAGE ON SCHEMA " + schema.schema() + " TO " + APP_ROLE);
      s.execute(
          "ALTER DEFAULT PRIVILEGES FOR ROLE "
              + schema.user()
              + " IN SCHEMA "
              + schema.schema()
              + " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "
              + APP_ROLE);
      s.execute(
          "ALTER DEFAULT PRIVILEGES FOR ROLE "
              + schema.user()
              + " IN SCHEMA "
              + schema.schema()
              + " GRANT USAGE, SELECT ON SEQUENCES TO "
              + APP_ROLE);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not set up the app's role " + APP_ROLE, e);
    }
  }

  /**
   * Starts the app with the properties as command-line arguments, which win over application.yml
   * (SpringApplicationBuilder.properties(…) would only set defaults that application.yml
   * overrides).
   */
  static ConfigurableApplicationContext start(
      SpringApplicationBuilder app, Map<String, Object> properties) {
    Map<String, Object> all = new LinkedHashMap<>(properties);
    // Each instance's actuator on a free port of its own, as the app's own port.
    all.putIfAbsent("management.server.port", 0);
    return app.run(
        all.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new));
  }
}
