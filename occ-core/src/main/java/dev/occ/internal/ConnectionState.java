package dev.occ.internal;

import java.sql.Connection;
import java.sql.SQLException;
import org.jdbi.v3.core.transaction.TransactionException;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jspecify.annotations.Nullable;

/**
 * A transaction occ began on a connection: remembers the auto-commit and isolation it found, so
 * that the connection goes back to its pool as it came, whatever the pool's settings.
 */
final class ConnectionState {
  private final Connection connection;
  private final boolean autoCommit;
  private final int isolation;

  private ConnectionState(Connection connection, boolean autoCommit, int isolation) {
    this.connection = connection;
    this.autoCommit = autoCommit;
    this.isolation = isolation;
  }

  /**
   * Begins a transaction: turns auto-commit off if it is on, and sets the isolation if one is asked
   * for and differs. On a connection whose auto-commit is already off, the transaction that the
   * driver keeps open implicitly is the one occ commits.
   */
  static ConnectionState begin(Connection c, @Nullable TransactionIsolationLevel level) {
    try {
      int previous = -1;
      if (level != null && level != TransactionIsolationLevel.UNKNOWN) {
        int current = c.getTransactionIsolation();
        if (current != level.intValue()) {
          c.setTransactionIsolation(level.intValue());
          previous = current;
        }
      }
      boolean autoCommit = c.getAutoCommit();
      if (autoCommit) {
        c.setAutoCommit(false);
      }
      return new ConnectionState(c, autoCommit, previous);
    } catch (SQLException e) {
      throw new TransactionException("Could not begin a transaction", e);
    }
  }

  /** Rolls back after a failure; a failing rollback is added to the failure, not thrown. */
  void rollback(Throwable failure) {
    try {
      connection.rollback();
    } catch (SQLException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * Puts auto-commit and isolation back. A connection that cannot be reset (it was lost) is the
   * pool's to discard; that must not turn a committed write into a failure.
   */
  void restore() {
    try {
      if (autoCommit) {
        connection.setAutoCommit(true);
      }
      if (isolation >= 0) {
        connection.setTransactionIsolation(isolation);
      }
    } catch (SQLException | RuntimeException ignored) {
      // The pool validates or evicts the connection; the outcome is already decided.
    }
  }
}
