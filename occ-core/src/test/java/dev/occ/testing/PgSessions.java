package dev.occ.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Lets a test wait until PostgreSQL reports a session as blocked on another's lock, so the order of
 * events in a concurrency test is arranged by the database's state, not by sleeping and hoping.
 */
public final class PgSessions {
  /** How long to wait for a state that should arrive within milliseconds; only a hang hits it. */
  private static final Duration GIVE_UP = Duration.ofSeconds(30);

  private PgSessions() {}

  /** Returns the backend process id of the handle's session. */
  public static int pid(Handle h) {
    return h.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one();
  }

  /**
   * Ends the connection's session from another session ({@code pg_terminate_backend}), as an
   * administrator or a failover would: the connection learns of it at its next statement.
   */
  public static void terminate(Connection connection, TestDatabases.Schema schema) {
    int pid;
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      pid = rs.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    Jdbi.create(schema.url(), schema.user(), schema.password())
        .useHandle(h -> h.execute("SELECT pg_terminate_backend(?)", pid));
  }

  /**
   * Waits until at least {@code count} sessions wait for a lock that the session {@code pid} holds.
   *
   * @throws AssertionError if that does not happen in 30 seconds
   */
  public static void awaitBlockedBy(Jdbi jdbi, int pid, int count) throws InterruptedException {
    long deadline = System.nanoTime() + GIVE_UP.toNanos();
    try (Handle h = jdbi.open()) {
      while (true) {
        int blocked =
            h.createQuery(
                    "SELECT count(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))")
                .bind(0, pid)
                .mapTo(Integer.class)
                .one();
        if (blocked >= count) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "no session became blocked by backend " + pid + " within " + GIVE_UP);
        }
        Thread.sleep(5);
      }
    }
  }
}
