package dev.occ.example.shop;

import dev.occ.testing.TestDatabases;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points the app, Flyway included, at a MariaDB database (the URL names the database). */
final class MariaDbProperties {
  private MariaDbProperties() {}

  static Map<String, Object> of(String url, String user, String password) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("spring.datasource.url", url);
    p.put("spring.datasource.username", user);
    p.put("spring.datasource.password", password);
    return p;
  }

  static Map<String, Object> of(TestDatabases.MariaDbDatabase database) {
    return of(database.url(), database.user(), database.password());
  }

  static void add(DynamicPropertyRegistry registry, TestDatabases.MariaDbDatabase database) {
    of(database).forEach((key, value) -> registry.add(key, () -> value));
  }
}
