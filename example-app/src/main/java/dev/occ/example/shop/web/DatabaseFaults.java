package dev.occ.example.shop.web;

import dev.occ.OccException;
import dev.occ.OutcomeUnknownException;
import dev.occ.TransientFailureException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a database fault from a bug, by every exception a failure carries: its causes, and below a
 * database exception also its suppressed exceptions, chained SQLExceptions and, for a failed Spring
 * rollback, the exception that made Spring roll back. An unexpected exception that merely has a
 * database failure attached as suppressed (say, from closing a handle) stays a bug.
 *
 * <p>The shapes come from provoking the faults against PostgreSQL (see {@code
 * ConnectionLossIntegrationTest}): a session ended by the server is pgjdbc's {@code 57P01}, a cut
 * connection its {@code 08006} I/O error; HikariCP then marks the connection broken, and Spring's
 * rollback on it fails with {@code TransactionSystemException("JDBC rollback failed")} caused by
 * HikariCP's {@code SQLException("Connection is closed")}, which has no SQLState at all.
 */
final class DatabaseFaults {
  /** Enough for any real chain; a cycle or a pathological graph stops here. */
  private static final int MAX_EXCEPTIONS = 64;

  /**
   * SQLStates besides class 08 (connection exception) of a connection that is gone or a server that
   * will not take it: admin shutdown, crash shutdown, cannot connect now (PostgreSQL), too many
   * connections, and H2's connection broken, database closed and database shutting down.
   */
  private static final Set<String> CONNECTION_STATES =
      Set.of("57P01", "57P02", "57P03", "53300", "90067", "90098", "90121");

  /**
   * SQLStates besides class 40 (transaction rollback: serialization failure, deadlock) of a
   * database that answers but could not do the work in time: lock not available, statement
   * cancelled by its timeout (PostgreSQL, H2), and H2's lock timeout. Retrying at once would only
   * wait again, but the client may well succeed a moment later.
   */
  private static final Set<String> TRANSIENT_STATES =
      Set.of("55P03", "57014", "HYT00", "70100"); // 70100: MariaDB's max_statement_time (1969)

  /** What HikariCP's proxy of a connection it has marked broken throws, without a SQLState. */
  private static final String HIKARI_CLOSED = "Connection is closed";

  private DatabaseFaults() {}

  /**
   * Returns the fault the failure shows, or {@code null} if it is not a database fault. An unknown
   * commit outcome wins over everything, a lost connection over a transient failure.
   */
  static @Nullable DatabaseFault classify(Throwable failure) {
    boolean unavailable = false;
    boolean transientFailure = false;
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Node> todo = new ArrayDeque<>();
    todo.push(new Node(failure, false));
    while (!todo.isEmpty() && seen.size() < MAX_EXCEPTIONS) {
      Node node = todo.pop();
      Throwable t = node.exception();
      if (!seen.add(t)) {
        continue;
      }
      if (t instanceof OutcomeUnknownException) {
        return DatabaseFault.OUTCOME_UNKNOWN;
      }
      DatabaseFault fault = fault(t, node.underDatabase());
      unavailable |= fault == DatabaseFault.DATABASE_UNAVAILABLE;
      transientFailure |= fault == DatabaseFault.TRANSIENT_FAILURE;
      boolean database = node.underDatabase() || isDatabaseException(t);
      push(todo, t.getCause(), database);
      if (isDatabaseException(t)) {
        for (Throwable suppressed : t.getSuppressed()) {
          push(todo, suppressed, true);
        }
        if (t instanceof SQLException sql) {
          push(todo, sql.getNextException(), true);
        }
        if (t instanceof TransactionSystemException tse) {
          push(todo, tse.getApplicationException(), false);
        }
      }
    }
    if (unavailable) {
      return DatabaseFault.DATABASE_UNAVAILABLE;
    }
    return transientFailure ? DatabaseFault.TRANSIENT_FAILURE : null;
  }

  /** The fault one exception shows by itself, without looking at what it carries. */
  private static @Nullable DatabaseFault fault(Throwable t, boolean underDatabase) {
    if (t instanceof TransientFailureException tfe) {
      // occ gives up on a connection lost before COMMIT the same way as on a deadlock.
      return isConnectionState(tfe.sqlState())
          ? DatabaseFault.DATABASE_UNAVAILABLE
          : DatabaseFault.TRANSIENT_FAILURE;
    }
    if (t instanceof SQLTransientConnectionException // HikariCP: no connection within its timeout
        || t instanceof SQLNonTransientConnectionException
        || t instanceof SQLRecoverableException) {
      return DatabaseFault.DATABASE_UNAVAILABLE;
    }
    if (t instanceof SQLException sql) {
      String state = sql.getSQLState();
      if (isConnectionState(state) || (state == null && HIKARI_CLOSED.equals(sql.getMessage()))) {
        return DatabaseFault.DATABASE_UNAVAILABLE;
      }
      return isTransientState(state) ? DatabaseFault.TRANSIENT_FAILURE : null;
    }
    if (t instanceof DataAccessResourceFailureException // CannotGetJdbcConnectionException too
        || t instanceof TransientDataAccessResourceException
        || t instanceof RecoverableDataAccessException
        || t instanceof CannotCreateTransactionException
        || t instanceof TransactionSystemException
        || t instanceof ConnectionException) {
      return DatabaseFault.DATABASE_UNAVAILABLE;
    }
    if (t instanceof TransientDataAccessException) {
      return DatabaseFault.TRANSIENT_FAILURE;
    }
    // A driver that reports a broken socket without a SQLState of its own.
    return underDatabase && t instanceof IOException ? DatabaseFault.DATABASE_UNAVAILABLE : null;
  }

  private static boolean isDatabaseException(Throwable t) {
    return t instanceof SQLException
        || t instanceof DataAccessException
        || t instanceof TransactionException
        || t instanceof JdbiException
        || t instanceof OccException;
  }

  private static boolean isConnectionState(@Nullable String state) {
    return state != null && (state.startsWith("08") || CONNECTION_STATES.contains(state));
  }

  private static boolean isTransientState(@Nullable String state) {
    return state != null && (state.startsWith("40") || TRANSIENT_STATES.contains(state));
  }

  private static void push(Deque<Node> todo, @Nullable Throwable t, boolean underDatabase) {
    if (t != null) {
      todo.push(new Node(t, underDatabase));
    }
  }

  /** An exception to look at, and whether a database exception carries it. */
  private record Node(Throwable exception, boolean underDatabase) {}
}
