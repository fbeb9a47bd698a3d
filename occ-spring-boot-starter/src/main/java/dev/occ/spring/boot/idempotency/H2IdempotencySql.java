package dev.occ.spring.boot.idempotency;

import java.sql.SQLException;
import java.time.Duration;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * H2: a failed statement does not abort H2's transaction, so a plain INSERT claims a key and a
 * duplicate key means a committed row holds it. A claim waits for H2's own lock timeout (the
 * session's {@code LOCK_TIMEOUT}, which the JDBC URL can set), not occ's setting.
 */
final class H2IdempotencySql extends IdempotencySql {
  /** H2's LOCK_TIMEOUT_1. */
  private static final int LOCK_TIMEOUT = 50200;

  private static final String UNIQUE_VIOLATION = "23505";

  H2IdempotencySql(String table, Duration lockTimeout) {
    super(table, lockTimeout);
  }

  @Override
  String database() {
    return "H2";
  }

  @Override
  boolean insertIfAbsent(NamedParameterJdbcOperations jdbc, SqlParameterSource params) {
    try {
      return jdbc.update(insert("INSERT INTO"), params) == 1;
    } catch (DataAccessException e) {
      SQLException sql = sqlException(e);
      if (sql != null && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
        return false;
      }
      throw e;
    }
  }

  @Override
  boolean takeOverExpired(NamedParameterJdbcOperations jdbc, SqlParameterSource params) {
    return jdbc.update(takeOver(), params) == 1;
  }

  @Override
  String deleteExpired(int limit) {
    return "DELETE FROM " + table + " WHERE expires_at <= :now FETCH FIRST " + limit + " ROWS ONLY";
  }

  @Override
  boolean isLockTimeout(SQLException e) {
    return e.getErrorCode() == LOCK_TIMEOUT;
  }
}
