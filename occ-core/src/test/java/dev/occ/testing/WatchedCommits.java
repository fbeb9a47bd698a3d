package dev.occ.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.ConnectionFactory;

/**
 * Gives a Jdbi one connection per thread, kept open across handles as a pool would keep it (and
 * replaced once the driver reports it closed), and remembers every {@link SQLException} that a
 * connection's {@code commit()} threw, per thread: a test can then tell a failure raised by COMMIT
 * from one raised by a statement without asking the code under test.
 */
public final class WatchedCommits implements ConnectionFactory, AutoCloseable {
  private final String url;
  private final String user;
  private final String password;
  private final List<SQLException> all = new CopyOnWriteArrayList<>();
  private final List<Connection> opened = new CopyOnWriteArrayList<>();
  private final ThreadLocal<List<SQLException>> ofThread = ThreadLocal.withInitial(ArrayList::new);
  private final ThreadLocal<Connection> threadsConnection = new ThreadLocal<>();

  /** Opens connections with {@link DriverManager}. */
  public WatchedCommits(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  @Override
  public Connection openConnection() throws SQLException {
    Connection current = threadsConnection.get();
    if (current != null && !current.isClosed()) {
      return current;
    }
    Connection target = DriverManager.getConnection(url, user, password);
    opened.add(target);
    Connection watched =
        (Connection)
            Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                  switch (method.getName()) {
                    case "equals":
                      return proxy == args[0];
                    case "hashCode":
                      return System.identityHashCode(proxy);
                    default:
                      break;
                  }
                  try {
                    return method.invoke(target, args);
                  } catch (InvocationTargetException e) {
                    if (method.getName().equals("commit")
                        && e.getCause() instanceof SQLException failure) {
                      all.add(failure);
                      ofThread.get().add(failure);
                    }
                    throw e.getCause();
                  }
                });
    threadsConnection.set(watched);
    return watched;
  }

  /** Keeps the connection for the thread's next handle; {@link #close()} closes them all. */
  @Override
  public void closeConnection(Connection connection) {}

  /** Returns the failures of {@code commit()} on this thread since it last took them. */
  public List<SQLException> thisThreadsFailures() {
    return List.copyOf(ofThread.get());
  }

  /**
   * Returns the failures of {@code commit()} on this thread since the last call, and forgets them.
   */
  public List<SQLException> takeThisThreadsFailures() {
    List<SQLException> taken = List.copyOf(ofThread.get());
    ofThread.get().clear();
    return taken;
  }

  /** Returns all failures of {@code commit()} so far, on any thread. */
  public List<SQLException> failures() {
    return List.copyOf(all);
  }

  /** Closes every connection opened so far. */
  @Override
  public void close() {
    for (Connection c : opened) {
      try {
        c.close();
      } catch (SQLException e) {
        // Already broken (its node was killed); nothing left to release.
      }
    }
  }
}
