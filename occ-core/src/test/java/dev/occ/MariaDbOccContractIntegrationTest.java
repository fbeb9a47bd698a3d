package dev.occ;

import dev.occ.testing.TestDatabases;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract on MariaDB (InnoDB at its default REPEATABLE READ): {@code INSERT … RETURNING},
 * updates followed by a read of the locked row, conflicts explained by a locking read.
 */
class MariaDbOccContractIntegrationTest extends OccContractTest {
  private static TestDatabases.MariaDbDatabase database;

  @BeforeAll
  static void createDatabase() {
    database = TestDatabases.freshMariaDbDatabase("occ_contract");
  }

  @AfterAll
  static void dropDatabase() {
    database.close();
  }

  @Override
  Jdbi jdbi() {
    return Jdbi.create(database.url(), database.user(), database.password());
  }

  /** MariaDB reports a duplicate key (vendor code 1062) with the class-level SQLState. */
  @Override
  String uniqueViolation() {
    return "23000";
  }

  @Override
  List<String> tables() {
    return List.of(
        "CREATE TABLE items (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100),"
            + " qty INTEGER NOT NULL DEFAULT 0, version BIGINT NOT NULL,"
            + " updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6))",
        "CREATE TABLE notes (id VARCHAR(36) PRIMARY KEY, body VARCHAR(200), rev INTEGER NOT NULL)");
  }

  @Override
  String ticketsTable() {
    return "CREATE TABLE tickets (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
        + " shop_id VARCHAR(20) NOT NULL, name VARCHAR(100), qty INTEGER NOT NULL DEFAULT 0,"
        + " version BIGINT NOT NULL,"
        + " updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6))";
  }

  @Override
  String logTable() {
    return "CREATE TABLE item_log (item_id BIGINT NOT NULL, old_name VARCHAR(100),"
        + " new_name VARCHAR(100) NOT NULL, from_version BIGINT NOT NULL, to_version BIGINT NOT NULL,"
        + " logged_at TIMESTAMP(6) NULL DEFAULT NULL, UNIQUE (item_id, to_version))";
  }
}
