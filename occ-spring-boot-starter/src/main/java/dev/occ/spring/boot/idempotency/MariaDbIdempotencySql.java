package dev.occ.spring.boot.idempotency;

import java.sql.SQLException;
import java.time.Duration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * MariaDB: {@code INSERT IGNORE} claims a key without failing on a committed one, and {@code SET
 * STATEMENT innodb_lock_wait_timeout=… FOR} bounds the wait of the claiming statement alone, in
 * whole seconds (rounded up).
 */
final class MariaDbIdempotencySql extends IdempotencySql {
  /** ER_LOCK_WAIT_TIMEOUT. */
  private static final int LOCK_WAIT_TIMEOUT = 1205;

  private final String lockWait;

  MariaDbIdempotencySql(String table, Duration lockTimeout) {
    super(table, lockTimeout);
    long seconds = Math.max(1, (lockTimeout.toMillis() + 999) / 1000);
    this.lockWait = "SET STATEMENT innodb_lock_wait_timeout=" + seconds + " FOR ";
  }

  @Override
  String database() {
    return "MariaDB";
  }

  @Override
  boolean insertIfAbsent(NamedParameterJdbcOperations jdbc, SqlParameterSource params) {
    return jdbc.update(lockWait + insert("INSERT IGNORE INTO"), params) == 1;
  }

  @Override
  boolean takeOverExpired(NamedParameterJdbcOperations jdbc, SqlParameterSource params) {
    return jdbc.update(lockWait + takeOver(), params) == 1;
  }

  @Override
  String deleteExpired(int limit) {
    return "DELETE FROM " + table + " WHERE expires_at <= :now ORDER BY expires_at LIMIT " + limit;
  }

  @Override
  boolean isLockTimeout(SQLException e) {
    return e.getErrorCode() == LOCK_WAIT_TIMEOUT;
  }
}
