package dev.occ.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * Finds the PostgreSQL server that tests run against: {@code OCC_TEST_JDBC_URL} (with {@code
 * OCC_TEST_JDBC_USER}, {@code OCC_TEST_JDBC_PASSWORD}), else a Testcontainers container when Docker
 * is available, else a failure that says how to provide one. Tests never skip for want of a
 * database.
 *
 * <p>The MariaDB server is found the same way from {@code OCC_TEST_MARIADB_URL} (with {@code
 * OCC_TEST_MARIADB_USER}, default {@code root}, and {@code OCC_TEST_MARIADB_PASSWORD}, default
 * empty); the user must be allowed to create databases.
 *
 * <p>Each caller gets a schema (on MariaDB: a database) of its own, so test classes, modules and
 * parallel builds on one server do not see each other's tables.
 */
public final class TestDatabases {
  private static volatile Server server;
  private static volatile Server mariaDbServer;

  private TestDatabases() {}

  /** The server's coordinates, as a JDBC URL without a schema, a user and a password. */
  public record Server(String url, String user, String password) {}

  /**
   * A schema of its own on the server.
   *
   * @param url a JDBC URL whose connections use the schema
   * @param user the user
   * @param password the password
   * @param schema the schema's name
   */
  public record Schema(String url, String user, String password, String schema)
      implements AutoCloseable {

    /** Opens a connection into the schema. */
    public Connection connect() throws SQLException {
      return DriverManager.getConnection(url, user, password);
    }

    /** Drops the schema and all it holds. */
    @Override
    public void close() {
      try (Connection c = DriverManager.getConnection(postgres().url(), user, password);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      } catch (SQLException e) {
        throw new IllegalStateException("Could not drop test schema " + schema, e);
      }
    }
  }

  /**
   * A database of its own on the MariaDB server.
   *
   * @param url a JDBC URL whose connections use the database
   * @param user the user
   * @param password the password
   * @param database the database's name
   */
  public record MariaDbDatabase(String url, String user, String password, String database)
      implements AutoCloseable {

    /**
     * Returns the URL with driver options added, e.g. {@code rewriteBatchedStatements=true}.
     *
     * @param options {@code key=value} pairs joined by {@code &}
     */
    public String url(String options) {
      return url + (url.contains("?") ? "&" : "?") + options;
    }

    /** Opens a connection into the database. */
    public Connection connect() throws SQLException {
      return DriverManager.getConnection(url, user, password);
    }

    /** Drops the database and all it holds. */
    @Override
    public void close() {
      try (Connection c = DriverManager.getConnection(mariaDb().url(), user, password);
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + database);
      } catch (SQLException e) {
        throw new IllegalStateException("Could not drop test database " + database, e);
      }
    }
  }

  /**
   * Returns the PostgreSQL server to test against.
   *
   * @throws IllegalStateException if none is configured and Docker is not available
   */
  public static synchronized Server postgres() {
    if (server == null) {
      server = locate();
    }
    return server;
  }

  /** Creates a fresh, uniquely named schema on the PostgreSQL server. */
  public static Schema freshPostgresSchema(String prefix) {
    Server s = postgres();
    String name = uniqueName(prefix);
    try (Connection c = DriverManager.getConnection(s.url(), s.user(), s.password());
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create a test schema on " + s.url(), e);
    }
    String sep = s.url().contains("?") ? "&" : "?";
    return new Schema(s.url() + sep + "currentSchema=" + name, s.user(), s.password(), name);
  }

  /**
   * Returns the MariaDB server to test against.
   *
   * @throws IllegalStateException if none is configured and Docker is not available
   */
  public static synchronized Server mariaDb() {
    if (mariaDbServer == null) {
      mariaDbServer = locateMariaDb();
    }
    return mariaDbServer;
  }

  /**
   * Creates a fresh, uniquely named database ({@code CREATE DATABASE prefix_xxxx}) on the MariaDB
   * server; closing the returned value drops it.
   */
  public static MariaDbDatabase freshMariaDbDatabase(String prefix) {
    Server s = mariaDb();
    String name = uniqueName(prefix);
    try (Connection c = DriverManager.getConnection(s.url(), s.user(), s.password());
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create a test database on " + s.url(), e);
    }
    return new MariaDbDatabase(withDatabase(s.url(), name), s.user(), s.password(), name);
  }

  /** Returns the MariaDB/MySQL JDBC URL with its database replaced by (or set to) the name. */
  static String withDatabase(String url, String database) {
    int hosts = url.indexOf("//");
    if (hosts < 0) {
      throw new IllegalArgumentException("not a jdbc:mariadb://host/database URL: " + url);
    }
    int query = url.indexOf('?', hosts);
    String head = query < 0 ? url : url.substring(0, query);
    String tail = query < 0 ? "" : url.substring(query);
    int slash = head.indexOf('/', hosts + 2);
    String base = slash < 0 ? head : head.substring(0, slash);
    return base + "/" + database + tail;
  }

  private static String uniqueName(String prefix) {
    return (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
        .toLowerCase(Locale.ROOT);
  }

  /** Returns a JDBC URL of a fresh, private in-memory H2 database in PostgreSQL mode. */
  public static String freshH2Url() {
    return "jdbc:h2:mem:occ_"
        + UUID.randomUUID().toString().replace("-", "")
        + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
  }

  private static Server locate() {
    String url = System.getenv("OCC_TEST_JDBC_URL");
    if (url != null && !url.isBlank()) {
      String user = System.getenv().getOrDefault("OCC_TEST_JDBC_USER", "postgres");
      String password = System.getenv().getOrDefault("OCC_TEST_JDBC_PASSWORD", "");
      try (Connection c = DriverManager.getConnection(url, user, password)) {
        return new Server(url, user, password);
      } catch (SQLException e) {
        throw new IllegalStateException(
            "OCC_TEST_JDBC_URL is set to "
                + url
                + " but the database does not answer: "
                + e.getMessage(),
            e);
      }
    }
    return Containers.startPostgres();
  }

  private static Server locateMariaDb() {
    String url = System.getenv("OCC_TEST_MARIADB_URL");
    if (url != null && !url.isBlank()) {
      String user = System.getenv().getOrDefault("OCC_TEST_MARIADB_USER", "root");
      String password = System.getenv().getOrDefault("OCC_TEST_MARIADB_PASSWORD", "");
      try (Connection c = DriverManager.getConnection(url, user, password)) {
        return new Server(url, user, password);
      } catch (SQLException e) {
        throw new IllegalStateException(
            "OCC_TEST_MARIADB_URL is set to "
                + url
                + " but the database does not answer: "
                + e.getMessage(),
            e);
      }
    }
    return Containers.startMariaDb();
  }

  /** Kept apart so that Testcontainers classes load only when no URL is configured. */
  private static final class Containers {
    private Containers() {}

    static Server startPostgres() {
      boolean docker;
      try {
        docker = org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException | LinkageError e) {
        docker = false;
      }
      if (!docker) {
        throw new IllegalStateException(
            "These tests need PostgreSQL. Set OCC_TEST_JDBC_URL (and OCC_TEST_JDBC_USER,"
                + " OCC_TEST_JDBC_PASSWORD), e.g. OCC_TEST_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/test"
                + " OCC_TEST_JDBC_USER=postgres, or run bash .ci/run, or start Docker so"
                + " Testcontainers can start one.");
      }
      @SuppressWarnings("resource") // lives for the whole test JVM; Ryuk removes it afterwards
      var container = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:16-alpine");
      container.start();
      return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }

    static Server startMariaDb() {
      if (!dockerAvailable()) {
        throw new IllegalStateException(
            "These tests need MariaDB. Set OCC_TEST_MARIADB_URL (and OCC_TEST_MARIADB_USER, default"
                + " root, OCC_TEST_MARIADB_PASSWORD, default empty; the user must be allowed to"
                + " CREATE DATABASE), e.g. OCC_TEST_MARIADB_URL=jdbc:mariadb://127.0.0.1:3306/test"
                + " OCC_TEST_MARIADB_USER=root, or start Docker so Testcontainers can start one.");
      }
      @SuppressWarnings("resource") // lives for the whole test JVM; Ryuk removes it afterwards
      var container =
          new org.testcontainers.mariadb.MariaDBContainer("mariadb:10.11")
              .withUsername("root")
              .withPassword("test");
      container.start();
      return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }

    private static boolean dockerAvailable() {
      try {
        return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException | LinkageError e) {
        return false;
      }
    }
  }
}
