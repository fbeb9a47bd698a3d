package dev.occ;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.testing.MariaDbItems;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The concurrent-updates property on MariaDB at READ COMMITTED, as applications that lower InnoDB's
 * default run it: every statement sees the latest commit.
 */
class ConcurrentUpdatesMariaDbReadCommittedIntegrationTest extends ConcurrentUpdatesProperty {
  private static MariaDbItems db;

  @BeforeAll
  static void createDatabase() {
    db = MariaDbItems.create("occ_prop_rc", "transactionIsolation=READ-COMMITTED");
    assertThat(db.sessionIsolation())
        .as("isolation of the sessions under test")
        .isEqualTo("READ-COMMITTED");
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Override
  Jdbi jdbi() {
    return db.jdbi();
  }

  @Override
  boolean mayFailTransiently() {
    // Each transaction locks one row: an UPDATE waits for the lock and re-reads; no deadlock.
    return false;
  }
}
