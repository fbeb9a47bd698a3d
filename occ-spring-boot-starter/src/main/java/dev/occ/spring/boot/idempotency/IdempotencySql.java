package dev.occ.spring.boot.idempotency;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * The statements on the key table, one method per statement; a subclass per database says how the
 * claiming statements wait at most the lock timeout for a key another transaction holds, and how a
 * bounded batch of expired keys is deleted. Binds are named: {@code :caller}, {@code :key}, {@code
 * :fingerprint}, {@code :now}, {@code :expiresAt}, {@code :status}, {@code :headers}, {@code
 * :body}; times are milliseconds since the epoch.
 */
abstract class IdempotencySql {
  final String table;
  final Duration lockTimeout;

  IdempotencySql(String table, Duration lockTimeout) {
    this.table = table;
    this.lockTimeout = lockTimeout;
  }

  /**
   * Returns the statements for the database a product name (JDBC's {@code getDatabaseProductName})
   * names.
   *
   * @throws IllegalStateException for a database other than PostgreSQL, MariaDB and H2
   */
  static IdempotencySql forProduct(String product, IdempotencySettings settings) {
    String name = product.toLowerCase(Locale.ROOT);
    if (name.contains("postgresql")) {
      return new PostgresIdempotencySql(settings.table(), settings.lockTimeout());
    }
    if (name.contains("mariadb")) {
      return new MariaDbIdempotencySql(settings.table(), settings.lockTimeout());
    }
    if (name.equals("h2")) {
      return new H2IdempotencySql(settings.table(), settings.lockTimeout());
    }
    throw new IllegalStateException(
        "Idempotency keys are kept on PostgreSQL, MariaDB and H2; this database is " + product);
  }

  /** Returns the database's name, for the log. */
  abstract String database();

  /**
   * Inserts the key's row with no answer yet, unless a committed row holds the key. Waits at most
   * the lock timeout for a transaction that inserted the key and has not ended.
   *
   * @return whether the row was inserted: false if a committed row holds the key
   */
  abstract boolean insertIfAbsent(NamedParameterJdbcOperations jdbc, SqlParameterSource params);

  /**
   * Gives an expired row of the key to a new request (new fingerprint and expiry, no answer), if it
   * is still expired; waits at most the lock timeout for a transaction that holds the row.
   *
   * @return whether the row was taken over
   */
  abstract boolean takeOverExpired(NamedParameterJdbcOperations jdbc, SqlParameterSource params);

  /** Returns the statement that deletes at most {@code limit} rows expired at {@code :now}. */
  abstract String deleteExpired(int limit);

  /** Returns whether the failure is the lock timeout of a claiming statement. */
  abstract boolean isLockTimeout(SQLException e);

  /** The plain insert of a key's row, begun with the given verb, e.g. {@code INSERT INTO}. */
  String insert(String verb) {
    return verb
        + " "
        + table
        + " (caller, idempotency_key, fingerprint, created_at, expires_at)"
        + " VALUES (:caller, :key, :fingerprint, :now, :expiresAt)";
  }

  /** The update that gives an expired row to a new request. */
  String takeOver() {
    return "UPDATE "
        + table
        + " SET fingerprint = :fingerprint, created_at = :now, expires_at = :expiresAt,"
        + " response_status = NULL, response_headers = NULL, response_body = NULL"
        + " WHERE caller = :caller AND idempotency_key = :key AND expires_at <= :now";
  }

  /** The read of a key's row. */
  String find() {
    return "SELECT fingerprint, expires_at, response_status, response_headers, response_body"
        + " FROM "
        + table
        + " WHERE caller = :caller AND idempotency_key = :key";
  }

  /** The update that stores the answer in the row its request claimed. */
  String complete() {
    return "UPDATE "
        + table
        + " SET response_status = :status, response_headers = :headers, response_body = :body"
        + " WHERE caller = :caller AND idempotency_key = :key";
  }

  /**
   * Returns the first update count among the results of a statement that may hold several (a script
   * whose other statements are queries), reading all of them.
   */
  static int firstUpdateCount(Statement statement, boolean firstIsResultSet) throws SQLException {
    int count = -1;
    boolean resultSet = firstIsResultSet;
    while (true) {
      if (!resultSet) {
        int updated = statement.getUpdateCount();
        if (updated == -1) {
          return count;
        }
        if (count == -1) {
          count = updated;
        }
      }
      resultSet = statement.getMoreResults();
    }
  }

  /** Returns the first {@link SQLException} in the failure's cause chain, if any. */
  static @Nullable SQLException sqlException(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }
}
