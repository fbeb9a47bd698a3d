package dev.occ;

import dev.occ.testing.PostgresItems;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Transaction participation on PostgreSQL through HikariCP pools. */
class TransactionParticipationIntegrationTest extends TransactionParticipationContractTest {
  private static PostgresItems db;

  @BeforeAll
  static void createSchema() {
    db = PostgresItems.create("occ_participation");
  }

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  @Override
  String url() {
    return db.url();
  }

  @Override
  String user() {
    return db.user();
  }

  @Override
  String password() {
    return db.password();
  }

  @Override
  String lockTimeoutSql() {
    return "SET lock_timeout = '3s'";
  }
}
