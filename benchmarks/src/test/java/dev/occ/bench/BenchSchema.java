package dev.occ.bench;

import dev.occ.testing.TestDatabases;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

/**
 * A throw-away benchmark schema on the test server, handed to the benchmark code through the same
 * system properties a person would pass with {@code -D}; parallel builds never share one.
 */
final class BenchSchema implements AutoCloseable {
  private static final String[] PROPERTIES = {
    "occ.bench.jdbcUrl", "occ.bench.user", "occ.bench.password", "occ.bench.schema"
  };

  private final BenchConfig config;

  private BenchSchema(BenchConfig config) {
    this.config = config;
  }

  /** Points the benchmarks at a fresh schema name on the test server. */
  static BenchSchema create(String prefix) {
    TestDatabases.Server server = TestDatabases.postgres();
    String schema =
        (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10))
            .toLowerCase(Locale.ROOT);
    System.setProperty("occ.bench.jdbcUrl", server.url());
    System.setProperty("occ.bench.user", server.user());
    System.setProperty("occ.bench.password", server.password());
    System.setProperty("occ.bench.schema", schema);
    return new BenchSchema(BenchConfig.load());
  }

  BenchConfig config() {
    return config;
  }

  @Override
  public void close() throws SQLException {
    BenchTable.dropSchema(config);
    for (String p : PROPERTIES) {
      System.clearProperty(p);
    }
  }
}
