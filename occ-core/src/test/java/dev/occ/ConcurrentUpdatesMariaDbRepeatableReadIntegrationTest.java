package dev.occ;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.testing.MariaDbItems;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The concurrent-updates property on MariaDB at InnoDB's default isolation, REPEATABLE READ, where
 * a plain read inside a transaction sees its snapshot and only locking reads see the latest commit.
 */
class ConcurrentUpdatesMariaDbRepeatableReadIntegrationTest extends ConcurrentUpdatesProperty {
  private static MariaDbItems db;

  @BeforeAll
  static void createDatabase() {
    db = MariaDbItems.create("occ_prop_rr", "transactionIsolation=REPEATABLE-READ");
    assertThat(db.sessionIsolation())
        .as("isolation of the sessions under test")
        .isEqualTo("REPEATABLE-READ");
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
    // Each transaction locks one row; with innodb_snapshot_isolation off (10.11's default) an
    // UPDATE waits for the lock and reads the latest version, so it neither deadlocks nor fails.
    return false;
  }
}
