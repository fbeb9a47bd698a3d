package dev.occ.example.shop;

import dev.occ.testing.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The board's ETag on an in-memory H2 database in PostgreSQL mode, as the app runs by default. */
class H2BoardETagTest extends BoardETagContract {

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    String url = TestDatabases.freshH2Url();
    registry.add("spring.datasource.url", () -> url);
  }
}
