package dev.occ.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL cluster that fault tests may restart, crash and cut, never the shared server:
 * {@code OCC_TEST_FAULTS_JDBC_URL} (user {@code OCC_TEST_FAULTS_JDBC_USER}, default {@code
 * postgres}; password {@code OCC_TEST_FAULTS_JDBC_PASSWORD}, default empty), run by {@code
 * scripts/pg-faults/cluster.sh}, which {@code bash .ci/run} starts. There is no fallback: without
 * the variable the tests fail and say how to provide the cluster.
 */
public final class FaultCluster {
  private static final Pattern PORT = Pattern.compile("jdbc:postgresql://[^/:]+:(\\d+)/.*");
  private static final String SCRIPT = "scripts/pg-faults/cluster.sh";
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration UP_TIMEOUT = Duration.ofSeconds(60);

  private FaultCluster() {}

  /**
   * A database of its own on the cluster.
   *
   * @param url a JDBC URL of the database, straight to the cluster
   * @param user the user
   * @param password the password
   * @param name the database's name
   */
  public record Database(String url, String user, String password, String name)
      implements AutoCloseable {

    /** Opens a connection to the database, straight to the cluster. */
    public Connection connect() throws SQLException {
      return DriverManager.getConnection(url, user, password);
    }

    /** Drops the database, ending any session still on it. */
    @Override
    public void close() {
      awaitUp();
      try (Connection c = admin();
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      } catch (SQLException e) {
        throw new IllegalStateException("Could not drop test database " + name, e);
      }
    }
  }

  /**
   * Returns the cluster's coordinates.
   *
   * @throws IllegalStateException if {@code OCC_TEST_FAULTS_JDBC_URL} is not set, or points at port
   *     5432 (the shared server, which fault tests must never stop)
   */
  public static TestDatabases.Server server() {
    String url = System.getenv("OCC_TEST_FAULTS_JDBC_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalStateException(
          "These fault tests need a PostgreSQL cluster of their own, which they restart and crash."
              + " Run scripts/pg-faults/cluster.sh start, then set"
              + " OCC_TEST_FAULTS_JDBC_URL=jdbc:postgresql://127.0.0.1:5433/test (user postgres;"
              + " bash .ci/run does both). Never point it at the shared server on 5432.");
    }
    if (port(url) == 5432) {
      throw new IllegalStateException(
          "OCC_TEST_FAULTS_JDBC_URL points at port 5432, the shared server: fault tests stop and"
              + " crash their server, so they need a cluster of their own (scripts/pg-faults).");
    }
    return new TestDatabases.Server(
        url,
        System.getenv().getOrDefault("OCC_TEST_FAULTS_JDBC_USER", "postgres"),
        System.getenv().getOrDefault("OCC_TEST_FAULTS_JDBC_PASSWORD", ""));
  }

  /** Creates a fresh, uniquely named database on the cluster; closing it drops it. */
  public static Database freshDatabase(String prefix) {
    TestDatabases.Server s = server();
    String name =
        (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
            .toLowerCase(Locale.ROOT);
    try (Connection c = admin();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Could not create a database on the fault tests' cluster at "
              + s.url()
              + " (is it running? scripts/pg-faults/cluster.sh start)",
          e);
    }
    return new Database(withDatabase(s.url(), name), s.user(), s.password(), name);
  }

  /** Restarts the server with a fast shutdown (sessions are ended, transactions rolled back). */
  public static void restartFast() {
    run("restart-fast");
  }

  /** Restarts the server with an immediate shutdown: a crash, then crash recovery. */
  public static void restartImmediate() {
    run("restart-immediate");
  }

  /** Stops the server at once, as a crash would; {@link #start()} brings it back. */
  public static void stopImmediate() {
    run("stop-immediate");
  }

  /** Starts the server (if down) and waits until it answers. */
  public static void start() {
    run("start");
  }

  /** Starts the server only if it does not answer now: cheap when it runs, as it mostly does. */
  public static void ensureRunning() {
    if (!answers()) {
      start();
    }
  }

  /**
   * Ends every session on the database but the caller's own, with {@code pg_terminate_backend}.
   *
   * @return how many sessions were ended
   */
  public static int terminateBackends(String database) {
    try (Connection c = admin();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not terminate the sessions on " + database, e);
    }
  }

  /**
   * Waits until the cluster accepts connections again.
   *
   * @throws IllegalStateException if it does not within a minute
   */
  public static void awaitUp() {
    long deadline = System.nanoTime() + UP_TIMEOUT.toNanos();
    while (!answers()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the fault tests' cluster at "
                + server().url()
                + " did not come back within "
                + UP_TIMEOUT);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the cluster", e);
      }
    }
  }

  /** Returns whether the cluster accepts a connection now. */
  public static boolean answers() {
    try {
      admin().close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Returns the URL with its database replaced. */
  static String withDatabase(String url, String database) {
    int hosts = url.indexOf("//");
    int slash = url.indexOf('/', hosts + 2);
    int query = url.indexOf('?', slash);
    return url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
  }

  private static Connection admin() throws SQLException {
    TestDatabases.Server s = server();
    return DriverManager.getConnection(s.url(), s.user(), s.password());
  }

  private static int port(String url) {
    Matcher m = PORT.matcher(url);
    if (!m.matches()) {
      throw new IllegalStateException(
          "OCC_TEST_FAULTS_JDBC_URL must be jdbc:postgresql://host:port/database with the port"
              + " given (the fault cluster's is 5433), not "
              + url);
    }
    return Integer.parseInt(m.group(1));
  }

  private static void run(String command) {
    int port = port(server().url());
    Path script = script();
    ProcessBuilder pb =
        new ProcessBuilder("bash", script.toString(), command).redirectErrorStream(true);
    pb.environment().put("OCC_PG_FAULTS_PORT", Integer.toString(port));
    try {
      Process p = pb.start();
      // The script prints a line or two; reading it all before waiting cannot block on a full pipe.
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(script + " " + command + " did not finish: " + output);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            script + " " + command + " failed (exit " + p.exitValue() + "): " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + script + " " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + script + " " + command, e);
    }
  }

  /**
   * Finds the script: {@code OCC_PG_FAULTS_SCRIPT}, else in the nearest folder above that has it.
   */
  private static Path script() {
    String configured = System.getenv("OCC_PG_FAULTS_SCRIPT");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(SCRIPT);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        SCRIPT
            + " not found above "
            + Path.of("").toAbsolutePath()
            + "; set OCC_PG_FAULTS_SCRIPT to its path");
  }
}
