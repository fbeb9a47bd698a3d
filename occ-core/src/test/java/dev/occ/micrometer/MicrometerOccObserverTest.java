package dev.occ.micrometer;

import dev.occ.RetryPolicy;
import dev.occ.testing.ItemsTable;
import dev.occ.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.jdbi.v3.core.Jdbi;

/** occ's observations on H2, the example app's embedded default; lock waits end after 200 ms. */
class MicrometerOccObserverTest extends MicrometerOccObserverContract {
  private static final String URL = TestDatabases.freshH2Url();
  private static final Jdbi JDBI =
      Jdbi.create(
          () -> {
            Connection c = DriverManager.getConnection(URL);
            try (Statement s = c.createStatement()) {
              s.execute("SET LOCK_TIMEOUT 200");
            }
            return c;
          });

  static {
    ItemsTable.create(JDBI);
  }

  @Override
  Jdbi jdbi() {
    return JDBI;
  }

  @Override
  RetryPolicy retryPolicy() {
    return RetryPolicy.DEFAULT; // H2's lock timeout (50200) is transient already
  }

  @Override
  String lockTimeoutReason() {
    return "lock_timeout";
  }
}
