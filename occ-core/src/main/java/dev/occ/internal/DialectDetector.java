package dev.occ.internal;

import dev.occ.Database;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the dialect for a connection, once per {@code Occ}, and says which at INFO. pgjdbc calls
 * every server "PostgreSQL", so a PostgreSQL-wire product (CockroachDB, YugabyteDB, Redshift) is
 * told apart by {@code version()} and gets the generic dialect, whose plain SQL they all accept.
 */
public final class DialectDetector {
  private static final Logger LOG = LoggerFactory.getLogger("dev.occ.Occ");

  private DialectDetector() {}

  /**
   * Returns the dialect for the connection's database, or for the given one if it is fixed.
   *
   * @param occName the instance's name, for the log line
   */
  public static SqlDialect detect(Connection connection, @Nullable Database fixed, String occName)
      throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    String product = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
    Database database = fixed != null ? fixed : database(connection, meta);
    SqlDialect dialect = SqlDialect.of(database, SqlNames.of(meta));
    LOG.info(
        "occ '{}': {} on {} ({})",
        occName,
        database,
        product,
        fixed != null ? "fixed by the builder" : "detected");
    return dialect;
  }

  private static Database database(Connection connection, DatabaseMetaData meta)
      throws SQLException {
    String product = meta.getDatabaseProductName().toLowerCase(Locale.ROOT);
    String version = meta.getDatabaseProductVersion().toLowerCase(Locale.ROOT);
    if (product.equals("postgresql")) {
      return isRealPostgres(connection) ? Database.POSTGRESQL : Database.GENERIC;
    }
    if (product.equals("h2")) {
      return Database.H2;
    }
    if (product.equals("mariadb") || (product.equals("mysql") && version.contains("mariadb"))) {
      int major = meta.getDatabaseMajorVersion();
      // INSERT … RETURNING arrived in MariaDB 10.5.
      return major > 10 || (major == 10 && meta.getDatabaseMinorVersion() >= 5)
          ? Database.MARIADB
          : Database.MYSQL;
    }
    if (product.equals("mysql")) {
      return Database.MYSQL;
    }
    return Database.GENERIC;
  }

  private static boolean isRealPostgres(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT version()")) {
      return isPostgresVersion(rs.next() ? rs.getString(1) : null);
    }
  }

  /**
   * Returns whether a {@code version()} string is PostgreSQL's own: CockroachDB answers {@code
   * CockroachDB CCL v…}, YugabyteDB {@code PostgreSQL 11.2-YB-…}, Redshift {@code PostgreSQL 8.0.2
   * … Redshift …}.
   */
  static boolean isPostgresVersion(@Nullable String version) {
    return version != null
        && version.startsWith("PostgreSQL ")
        && !version.contains("Redshift")
        && !version.contains("-YB-");
  }
}
