package dev.occ.spring.boot.idempotency;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * PostgreSQL: {@code ON CONFLICT DO NOTHING} claims a key without aborting the transaction, and the
 * claiming statements run under a {@code lock_timeout} of their own, set and put back in the same
 * round trip (pgjdbc sends the statements of one execute together), so the handler's own statements
 * keep the session's lock timeout.
 */
final class PostgresIdempotencySql extends IdempotencySql {
  /** lock_not_available: the lock timeout ran out. */
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  PostgresIdempotencySql(String table, Duration lockTimeout) {
    super(table, lockTimeout);
  }

  @Override
  String database() {
    return "PostgreSQL";
  }

  @Override
  boolean insertIfAbsent(NamedParameterJdbcOperations jdbc, SqlParameterSource params) {
    return execute(
            jdbc,
            insert("INSERT INTO") + " ON CONFLICT (caller, idempotency_key) DO NOTHING",
            params)
        == 1;
  }

  @Override
  boolean takeOverExpired(NamedParameterJdbcOperations jdbc, SqlParameterSource params) {
    return execute(jdbc, takeOver(), params) == 1;
  }

  @Override
  String deleteExpired(int limit) {
    // The expiry is checked again on the row deleted: a row taken over by a new request after the
    // subquery chose it is no longer expired. SKIP LOCKED passes over rows being taken over.
    return "DELETE FROM "
        + table
        + " WHERE expires_at <= :now AND (caller, idempotency_key) IN"
        + " (SELECT caller, idempotency_key FROM "
        + table
        + " WHERE expires_at <= :now"
        + " ORDER BY expires_at LIMIT "
        + limit
        + " FOR UPDATE SKIP LOCKED)";
  }

  @Override
  boolean isLockTimeout(SQLException e) {
    return LOCK_NOT_AVAILABLE.equals(e.getSQLState());
  }

  /**
   * Runs the statement with the lock timeout in force for it alone: the session's value is saved in
   * a transaction-local setting and put back after it.
   */
  private int execute(NamedParameterJdbcOperations jdbc, String statement, SqlParameterSource p) {
    String script =
        "SELECT set_config('occ.saved_lock_timeout', current_setting('lock_timeout'), true);"
            + " SELECT set_config('lock_timeout', '"
            + lockTimeout.toMillis()
            + "ms', true); "
            + statement
            + "; SELECT set_config('lock_timeout',"
            + " current_setting('occ.saved_lock_timeout'), true)";
    Integer count = jdbc.execute(script, p, ps -> firstUpdateCount(ps, ps.execute()));
    return Objects.requireNonNull(count);
  }
}
