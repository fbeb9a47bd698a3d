package dev.occ.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The {@code appointments} table every contender writes to, freshly created and seeded for each
 * trial, and the one pool they all share. A new table per trial means no contender inherits the
 * dead tuples and index bloat of the one measured before it.
 */
@State(Scope.Benchmark)
public class BenchTable {
  /** The table's name; the pool's search path points at the benchmark schema. */
  public static final String TABLE = "appointments";

  /** Rows seeded; ids run from 1 to this. */
  public static final int ROWS = 10_000;

  /** Rows in the hot set: ids 1 to this. */
  public static final int HOT_ROWS = 10;

  /** The board's statuses; a move sets the status that follows the row's current one. */
  public static final List<String> STATUSES =
      List.of("SCHEDULED", "CHECKED_IN", "IN_PROGRESS", "READY", "COMPLETED");

  /** The versioned update exactly as occ renders it for PostgreSQL (a test checks they match). */
  public static final String VERSIONED_UPDATE =
      "UPDATE \"appointments\" SET \"status\" = ?, \"version\" = \"version\" + 1,"
          + " \"updated_at\" = CURRENT_TIMESTAMP WHERE \"id\" = ? AND \"version\" = ?"
          + " RETURNING \"version\", \"updated_at\"";

  private @Nullable BenchConfig config;
  private @Nullable HikariDataSource pool;

  /** Re-creates and seeds the table, then opens the pool. */
  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    BenchConfig c = BenchConfig.load();
    recreate(c);
    this.config = c;
    this.pool = pool(c);
  }

  /** Closes the pool. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (pool != null) {
      pool.close();
    }
  }

  /** Returns the pool every contender borrows from. */
  public DataSource dataSource() {
    if (pool == null) {
      throw new IllegalStateException("the table is not set up");
    }
    return pool;
  }

  /** Returns the settings this trial runs with. */
  public BenchConfig config() {
    if (config == null) {
      throw new IllegalStateException("the table is not set up");
    }
    return config;
  }

  /** Reads the current version of each row, in the order given. */
  public long[] versions(long[] ids) throws SQLException {
    long[] versions = new long[ids.length];
    try (Connection c = dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT version FROM appointments WHERE id = ?")) {
      for (int i = 0; i < ids.length; i++) {
        ps.setLong(1, ids[i]);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalStateException("row " + ids[i] + " is missing");
          }
          versions[i] = rs.getLong(1);
        }
      }
    }
    return versions;
  }

  /** Drops and re-creates the schema's table on its own connection, outside the pool. */
  static void recreate(BenchConfig c) throws SQLException {
    String s = c.schema();
    try (Connection conn = DriverManager.getConnection(c.jdbcUrl(), c.user(), c.password());
        Statement st = conn.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS " + s);
      st.execute("DROP TABLE IF EXISTS " + s + "." + TABLE);
      // Only the primary key is indexed, as in the example app: status and version stay out of
      // indexes so PostgreSQL can do heap-only (HOT) updates for every contender alike.
      st.execute(
          "CREATE TABLE "
              + s
              + "."
              + TABLE
              + " (id bigint PRIMARY KEY, status text NOT NULL,"
              + " version bigint NOT NULL, updated_at timestamptz NOT NULL)");
      st.execute(
          "INSERT INTO "
              + s
              + "."
              + TABLE
              + " (id, status, version, updated_at)"
              + " SELECT g, 'SCHEDULED', 1, CURRENT_TIMESTAMP FROM generate_series(1, "
              + ROWS
              + ") g");
      st.execute("ANALYZE " + s + "." + TABLE);
    }
  }

  /** Drops the schema and everything in it; for tests that use a throw-away schema. */
  public static void dropSchema(BenchConfig c) throws SQLException {
    try (Connection conn = DriverManager.getConnection(c.jdbcUrl(), c.user(), c.password());
        Statement st = conn.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + c.schema() + " CASCADE");
    }
  }

  static HikariDataSource pool(BenchConfig c) {
    HikariConfig h = new HikariConfig();
    h.setPoolName("occ-bench");
    h.setJdbcUrl(c.jdbcUrl());
    h.setUsername(c.user());
    h.setPassword(c.password());
    h.setSchema(c.schema());
    // A fixed-size pool: connections are opened before measuring, never during.
    h.setMaximumPoolSize(c.poolSize());
    h.setMinimumIdle(c.poolSize());
    h.setAutoCommit(true);
    if (c.synchronousCommit().equals("off")) {
      h.setConnectionInitSql("SET synchronous_commit = off");
    }
    return new HikariDataSource(h);
  }
}
