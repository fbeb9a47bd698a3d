package dev.occ.bench;

import java.util.Locale;

/**
 * Where the benchmarks' database is and how big every contender's pool is. Each setting is read
 * from a system property, then an environment variable, then a default that fits the local
 * PostgreSQL of our machines. System properties come first because JMH forks inherit the host JVM's
 * {@code -D} flags, and tests can set them without touching the environment.
 *
 * @param jdbcUrl the server's JDBC URL, without a schema
 * @param user the database user
 * @param password the password, empty for trust authentication
 * @param schema the schema the benchmarks own: its {@code appointments} table is dropped and
 *     re-created for every trial
 * @param poolSize the fixed size of the pool every contender gets
 * @param synchronousCommit the pool connections' {@code synchronous_commit}: {@code on} (the
 *     server's default: each commit waits for its WAL flush) or {@code off} (the commit returns
 *     before the flush, which leaves the library's own cost without the disk's wait; a crash may
 *     lose the last commits, so it is for measuring only)
 */
public record BenchConfig(
    String jdbcUrl,
    String user,
    String password,
    String schema,
    int poolSize,
    String synchronousCommit) {
  /** The server when nothing is configured. */
  public static final String DEFAULT_JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/test";

  /** The schema when nothing is configured. */
  public static final String DEFAULT_SCHEMA = "occ_bench";

  /**
   * The pool size when nothing is configured: the most threads any benchmark runs with, so no
   * thread ever waits for a connection and no contender gets more than another.
   */
  public static final int DEFAULT_POOL_SIZE = 4;

  /** Checks the settings; the schema is written into SQL, so it must be a plain identifier. */
  public BenchConfig {
    if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("schema must be a lower-case SQL identifier: " + schema);
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be >= 1");
    }
    if (!synchronousCommit.equals("on") && !synchronousCommit.equals("off")) {
      throw new IllegalArgumentException(
          "synchronousCommit must be on or off: " + synchronousCommit);
    }
  }

  /** The settings with the schema and pool size given, for tests. */
  public BenchConfig(String jdbcUrl, String user, String password, String schema, int poolSize) {
    this(jdbcUrl, user, password, schema, poolSize, "on");
  }

  /** Reads the settings from system properties, environment variables and defaults. */
  public static BenchConfig load() {
    return new BenchConfig(
        setting("occ.bench.jdbcUrl", "OCC_BENCH_JDBC_URL", DEFAULT_JDBC_URL),
        setting("occ.bench.user", "OCC_BENCH_JDBC_USER", "postgres"),
        setting("occ.bench.password", "OCC_BENCH_JDBC_PASSWORD", ""),
        setting("occ.bench.schema", "OCC_BENCH_SCHEMA", DEFAULT_SCHEMA).toLowerCase(Locale.ROOT),
        Integer.parseInt(
            setting(
                "occ.bench.poolSize", "OCC_BENCH_POOL_SIZE", String.valueOf(DEFAULT_POOL_SIZE))),
        setting("occ.bench.synchronousCommit", "OCC_BENCH_SYNCHRONOUS_COMMIT", "on")
            .toLowerCase(Locale.ROOT));
  }

  private static String setting(String property, String env, String fallback) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(env);
    }
    return value == null || value.isBlank() ? fallback : value;
  }
}
