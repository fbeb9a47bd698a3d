package dev.occ.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * The nodes of the three-node Galera cluster that {@code scripts/galera/cluster.sh start} runs
 * ({@code .ci/run} starts and stops it): {@code OCC_TEST_GALERA_URLS}, comma-separated JDBC URLs
 * (user root, no password). There is no fallback: without the variable the tests fail and say so.
 */
public final class GaleraNodes {
  private GaleraNodes() {}

  /** Returns the nodes' JDBC URLs. */
  public static List<String> urls() {
    String urls = System.getenv("OCC_TEST_GALERA_URLS");
    if (urls == null || urls.isBlank()) {
      throw new IllegalStateException(
          "These tests need a Galera cluster. Run scripts/galera/cluster.sh start, then set"
              + " OCC_TEST_GALERA_URLS=jdbc:mariadb://127.0.0.1:3311/test,jdbc:mariadb://127.0.0.1:3312/test,"
              + "jdbc:mariadb://127.0.0.1:3313/test (bash .ci/run does both).");
    }
    return Arrays.stream(urls.split(",")).map(String::trim).toList();
  }

  /** Returns the URL with the database replaced. */
  public static String inDatabase(String url, String database) {
    int slash = url.indexOf('/', "jdbc:mariadb://".length());
    int query = url.indexOf('?');
    return url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
  }

  /**
   * Creates the database on the node and in it {@code items} (id, name, version, updated_at) with
   * rows 1..{@code rows} at {@code version}; Galera replicates both to the other nodes.
   */
  public static void createItems(String node, String database, int rows, long version)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(node, "root", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
      s.execute(
          "CREATE TABLE "
              + database
              + ".items (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
              + " version BIGINT NOT NULL, updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6))");
      for (int row = 1; row <= rows; row++) {
        s.execute(
            "INSERT INTO "
                + database
                + ".items (id, name, version) VALUES ("
                + row
                + ", 'initial', "
                + version
                + ")");
      }
    }
  }

  /** Drops the database, through the node, if it exists. */
  public static void dropDatabase(String node, String database) throws SQLException {
    try (Connection c = DriverManager.getConnection(node, "root", "");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database);
    }
  }
}
