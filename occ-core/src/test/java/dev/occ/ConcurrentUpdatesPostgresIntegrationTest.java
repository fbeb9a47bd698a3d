package dev.occ;

import dev.occ.testing.PostgresItems;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The concurrent-updates property on PostgreSQL, the reference database. */
class ConcurrentUpdatesPostgresIntegrationTest extends ConcurrentUpdatesProperty {
  private static PostgresItems db;

  @BeforeAll
  static void createSchema() {
    db = PostgresItems.create("occ_prop");
  }

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  @Override
  Jdbi jdbi() {
    return db.jdbi();
  }

  @Override
  boolean mayFailTransiently() {
    // Under READ COMMITTED a single-row UPDATE waits for the row lock and re-checks its WHERE
    // clause; it can neither deadlock nor fail to serialize.
    return false;
  }
}
