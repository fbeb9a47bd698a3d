package dev.occ.internal;

import dev.occ.OutcomeUnknownException;
import dev.occ.RetryPolicy;
import dev.occ.TransientFailureException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Tells transient database errors (worth re-running the transaction) from all others, by SQLState
 * and vendor code, never by exception class: pgjdbc throws plain {@code PSQLException} for all.
 */
public final class TransientErrors {
  /** The retry reason of a connection lost before COMMIT was sent. */
  public static final String CONNECTION_LOST = "connection_lost";

  /** The retry reason of a serialization failure that COMMIT reported (Galera's certification). */
  public static final String CERTIFICATION_FAILURE = "certification_failure";

  /**
   * SQLStates of a session the server ended: admin shutdown, crash shutdown, cannot connect now
   * (PostgreSQL's 57P01–57P03). Class 08 (connection exception) counts as well.
   */
  private static final Set<String> SESSION_ENDED = Set.of("57P01", "57P02", "57P03");

  private static final Map<String, String> SQL_STATES =
      Map.of("40001", "serialization_failure", "40P01", "deadlock");

  private static final Map<Integer, String> VENDOR_CODES =
      Map.of(
          1213, "deadlock", // MySQL/MariaDB ER_LOCK_DEADLOCK
          1205, "lock_timeout", // MySQL/MariaDB ER_LOCK_WAIT_TIMEOUT
          1020, "serialization_failure", // MariaDB ER_CHECKREAD: record changed since last read
          50200, "lock_timeout", // H2 LOCK_TIMEOUT_1
          90131, "serialization_failure", // H2 CONCURRENT_UPDATE_1
          40001, "deadlock"); // H2 DEADLOCK_1

  /**
   * SQLState classes that name a permanent error whatever vendor code comes with it: integrity
   * constraint violation, invalid transaction state (25P02: the transaction is already aborted),
   * syntax error or access rule violation. Vendor codes are per database, and a code that means
   * "deadlock" on one may mean something else on another.
   */
  private static final Set<String> PERMANENT_CLASSES = Set.of("23", "25", "42");

  private final Set<String> extraSqlStates;
  private final Set<Integer> extraVendorCodes;

  /** Creates a classifier with the built-in codes plus the policy's extra ones. */
  public TransientErrors(RetryPolicy policy) {
    this.extraSqlStates = new HashSet<>(policy.extraSqlStates());
    this.extraVendorCodes = new HashSet<>(policy.extraVendorCodes());
  }

  /**
   * Returns the reason tag if the failure is transient, else {@code null}. A {@link
   * TransientFailureException} from an inner operation counts as transient.
   */
  public @Nullable String reason(Throwable failure) {
    if (failure instanceof RetryableFailure retryable) {
      return retryable.reason();
    }
    if (failure instanceof TransientFailureException tfe) {
      return reason(tfe.sqlState(), tfe.vendorCode());
    }
    SQLException sql = firstSqlException(failure);
    return sql == null ? null : reason(sql.getSQLState(), sql.getErrorCode());
  }

  /** Returns whether the failure is transient. */
  public boolean isTransient(Throwable failure) {
    return reason(failure) != null;
  }

  /**
   * Returns whether the failure means the connection is gone: a connection exception (SQLState
   * class 08, a driver's I/O error), or the server ending the session (57P01–57P03). Whether that
   * may be retried depends on when it happened, which only a transaction boundary knows; a pool
   * that found no free connection in time is not a lost connection (nothing was sent, and another
   * wait would double the caller's).
   */
  public static boolean isConnectionLoss(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      // An unknown outcome was decided by an inner boundary already: it is never a plain loss.
      if (t instanceof SQLTransientConnectionException || t instanceof OutcomeUnknownException) {
        return false;
      }
    }
    SQLException sql = firstSqlException(failure);
    if (sql == null) {
      return false;
    }
    String state = sql.getSQLState();
    if (state != null) {
      return state.startsWith("08") || SESSION_ENDED.contains(state);
    }
    return sql instanceof SQLNonTransientConnectionException
        || sql instanceof SQLRecoverableException;
  }

  /**
   * Returns whether the failure carries the server's own answer: a SQLState that is not a lost
   * connection's. A failure without any SQLState (a pool's "connection is closed", a framework's
   * failed rollback on a broken connection) is not one.
   */
  public static boolean isServerAnswer(Throwable failure) {
    SQLException sql = firstSqlException(failure);
    if (sql == null || sql.getSQLState() == null) {
      return false;
    }
    String state = sql.getSQLState();
    return !state.startsWith("08") && !SESSION_ENDED.contains(state);
  }

  /**
   * A vendor code names the failure more precisely than its SQLState where both are known: MySQL
   * and MariaDB send a deadlock (1213) with SQLState 40001, which alone would read as a
   * serialization failure. A permanent SQLState class wins over any vendor code.
   */
  private @Nullable String reason(@Nullable String sqlState, int vendorCode) {
    if (sqlState != null) {
      if (extraSqlStates.contains(sqlState)) {
        return "sqlstate_" + sqlState;
      }
      if (sqlState.length() >= 2 && PERMANENT_CLASSES.contains(sqlState.substring(0, 2))) {
        return null;
      }
    }
    if (vendorCode != 0) {
      String known = VENDOR_CODES.get(vendorCode);
      if (known != null) {
        return known;
      }
    }
    if (sqlState != null) {
      String known = SQL_STATES.get(sqlState);
      if (known != null) {
        return known;
      }
    }
    if (vendorCode != 0 && extraVendorCodes.contains(vendorCode)) {
      return "vendor_" + vendorCode;
    }
    return null;
  }

  /**
   * Returns the first {@link SQLException} in the cause chain that carries a SQLState, looking at
   * each one's chained next-exceptions (a batch wrapper) and then at its causes (a pool's wrapper);
   * if none carries a state, the first {@link SQLException}.
   */
  public static @Nullable SQLException firstSqlException(Throwable failure) {
    @Nullable SQLException first = null;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql) {
        for (SQLException s = sql; s != null; s = s.getNextException()) {
          if (s.getSQLState() != null) {
            return s;
          }
        }
        // A pool or proxy may wrap the driver's exception in a SQLException without a state.
        if (first == null) {
          first = sql;
        }
      }
    }
    return first;
  }
}
