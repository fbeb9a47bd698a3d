package dev.occ.example.shop;

import dev.occ.testing.TestDatabases;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points the app, Flyway included, at a test schema on PostgreSQL. */
final class PostgresProperties {
  private PostgresProperties() {}

  static Map<String, Object> of(TestDatabases.Schema schema) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("spring.datasource.url", schema.url());
    p.put("spring.datasource.username", schema.user());
    p.put("spring.datasource.password", schema.password());
    p.put("spring.flyway.schemas", schema.schema());
    p.put("spring.flyway.default-schema", schema.schema());
    return p;
  }

  static void add(DynamicPropertyRegistry registry, TestDatabases.Schema schema) {
    of(schema).forEach((key, value) -> registry.add(key, () -> value));
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
