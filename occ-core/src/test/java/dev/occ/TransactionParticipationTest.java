package dev.occ;

import dev.occ.testing.ItemsTable;
import dev.occ.testing.TestDatabases;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;

/** Transaction participation on an in-memory H2 database through HikariCP pools. */
class TransactionParticipationTest extends TransactionParticipationContractTest {
  private static final String URL = TestDatabases.freshH2Url();

  @BeforeAll
  static void createTable() {
    ItemsTable.create(Jdbi.create(URL));
  }

  @Override
  String url() {
    return URL;
  }

  @Override
  String user() {
    return "";
  }

  @Override
  String password() {
    return "";
  }

  @Override
  String lockTimeoutSql() {
    return "SET LOCK_TIMEOUT 3000";
  }
}
