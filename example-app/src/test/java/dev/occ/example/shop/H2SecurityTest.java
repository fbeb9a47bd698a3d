package dev.occ.example.shop;

import dev.occ.testing.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Who may call what, on H2. */
class H2SecurityTest extends SecurityContract {
  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    String url = TestDatabases.freshH2Url();
    registry.add("spring.datasource.url", () -> url);
  }
}
