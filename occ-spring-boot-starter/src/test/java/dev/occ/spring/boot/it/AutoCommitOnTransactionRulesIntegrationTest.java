package dev.occ.spring.boot.it;

import dev.occ.spring.boot.Things;
import dev.occ.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The transaction rules on a pool whose connections have auto-commit on. */
@SpringBootTest(
    classes = StarterTestApp.class,
    properties = "spring.datasource.hikari.auto-commit=true")
class AutoCommitOnTransactionRulesIntegrationTest extends TransactionRulesContract {
  private static final TestDatabases.Schema SCHEMA = TestDatabases.freshPostgresSchema("rules_on");

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    Things.create(Things.direct(SCHEMA));
    registry.add("spring.datasource.url", SCHEMA::url);
    registry.add("spring.datasource.username", SCHEMA::user);
    registry.add("spring.datasource.password", SCHEMA::password);
  }

  @AfterAll
  static void dropSchema() {
    SCHEMA.close();
  }

  @Override
  TestDatabases.Schema schema() {
    return SCHEMA;
  }
}
