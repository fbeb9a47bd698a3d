package dev.occ.test;

import static java.util.Objects.requireNonNull;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransactionRollbackException;
import java.util.regex.Pattern;

/**
 * The error an injected statement failure raises: a SQLState, a vendor code and a message.
 *
 * <p>{@link #toException()} builds the JDBC 4 subclass that the SQLState's class calls for, as
 * drivers that follow the standard do: class {@code 40} gives {@link
 * SQLTransactionRollbackException}, {@code 08} {@link SQLNonTransientConnectionException}, {@code
 * 23} {@link SQLIntegrityConstraintViolationException}, {@code 42} {@link SQLSyntaxErrorException},
 * {@code 22} {@link SQLDataException}, {@code 28} {@link SQLInvalidAuthorizationSpecException},
 * {@code 0A} {@link SQLFeatureNotSupportedException}; any other class a plain {@link SQLException}.
 * Code that classifies errors should read {@link SQLException#getSQLState()} and {@link
 * SQLException#getErrorCode()}: pgjdbc, for one, throws its plain {@code PSQLException} for all.
 *
 * @param sqlState the five-character SQLState
 * @param vendorCode the vendor error code ({@code 0} when the database has none)
 * @param message the exception's message
 */
public record SqlFailure(String sqlState, int vendorCode, String message) {
  private static final Pattern SQL_STATE = Pattern.compile("[0-9A-Z]{5}");

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException if the SQLState is not five digits or capital letters
   */
  public SqlFailure {
    requireNonNull(sqlState, "sqlState");
    requireNonNull(message, "message");
    if (!SQL_STATE.matcher(sqlState).matches()) {
      throw new IllegalArgumentException(
          "a SQLState is five digits or capital letters: " + sqlState);
    }
  }

  /** A failure with the SQLState and vendor code, and a message that says it was injected. */
  public static SqlFailure of(String sqlState, int vendorCode) {
    return new SqlFailure(
        sqlState,
        vendorCode,
        "injected failure: SQLState " + sqlState + ", vendor code " + vendorCode);
  }

  /** A failure with the SQLState and no vendor code. */
  public static SqlFailure of(String sqlState) {
    return of(sqlState, 0);
  }

  /**
   * A serialization failure, SQLState {@code 40001} (PostgreSQL, H2, CockroachDB, and the SQL
   * standard).
   */
  public static SqlFailure serializationFailure() {
    return of("40001");
  }

  /** PostgreSQL's deadlock, SQLState {@code 40P01}. */
  public static SqlFailure postgresDeadlock() {
    return of("40P01");
  }

  /** MySQL's and MariaDB's deadlock: vendor code {@code 1213} with SQLState {@code 40001}. */
  public static SqlFailure mysqlDeadlock() {
    return of("40001", 1213);
  }

  /**
   * MySQL's and MariaDB's lock wait timeout: vendor code {@code 1205} with SQLState {@code HY000}.
   */
  public static SqlFailure mysqlLockWaitTimeout() {
    return of("HY000", 1205);
  }

  /** A unique-key violation, SQLState {@code 23505}: a permanent error, never worth a retry. */
  public static SqlFailure uniqueViolation() {
    return of("23505");
  }

  /** Returns a copy with another message. */
  public SqlFailure withMessage(String text) {
    return new SqlFailure(sqlState, vendorCode, text);
  }

  /**
   * Builds a new exception of the JDBC 4 subclass for the SQLState's class (see the type's doc).
   */
  public SQLException toException() {
    return switch (sqlState.substring(0, 2)) {
      case "40" -> new SQLTransactionRollbackException(message, sqlState, vendorCode);
      case "08" -> new SQLNonTransientConnectionException(message, sqlState, vendorCode);
      case "23" -> new SQLIntegrityConstraintViolationException(message, sqlState, vendorCode);
      case "42" -> new SQLSyntaxErrorException(message, sqlState, vendorCode);
      case "22" -> new SQLDataException(message, sqlState, vendorCode);
      case "28" -> new SQLInvalidAuthorizationSpecException(message, sqlState, vendorCode);
      case "0A" -> new SQLFeatureNotSupportedException(message, sqlState, vendorCode);
      default -> new SQLException(message, sqlState, vendorCode);
    };
  }
}
