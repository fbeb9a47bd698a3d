package dev.occ.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionFactory;

/**
 * Real connections to a real database whose COMMIT can be made to lose its connection, on plan:
 * before COMMIT reaches the server (the server rolls the transaction back when the session ends),
 * or after the server committed, with the answer lost on the way back. The caller sees what a
 * driver throws for a broken connection: a {@link SQLException} with SQLState {@code 08006}. New
 * connections can also be refused for a while, as while a server restarts.
 */
public final class CommitFaults implements ConnectionFactory {
  /** What happens to the COMMIT a fault is planned for. */
  public enum Fault {
    /** The connection breaks before COMMIT is sent: the transaction rolls back. */
    LOSE_BEFORE_COMMIT,
    /** The server commits, then the connection breaks before its answer arrives. */
    LOSE_ANSWER_AFTER_COMMIT,
    /**
     * The server commits, then the caller gets an error without any SQLState, as from a pool whose
     * connection broke ("Connection is closed").
     */
    LOSE_ANSWER_AFTER_COMMIT_WITHOUT_STATE,
    /**
     * The server commits, then the caller gets SQLState 40003 ("statement completion unknown"), as
     * CockroachDB reports an ambiguous COMMIT.
     */
    AMBIGUOUS_RESULT
  }

  private final String url;
  private final String user;
  private final String password;
  private final Queue<Fault> planned = new ConcurrentLinkedQueue<>();
  private final AtomicLong refuseUntilNanos = new AtomicLong(Long.MIN_VALUE);
  private final AtomicInteger commits = new AtomicInteger();

  public CommitFaults(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** Plans a fault for the next COMMIT on any connection of this factory. */
  public void failNextCommit(Fault fault) {
    planned.add(fault);
  }

  /** Returns how many planned faults have not happened yet. */
  public int pending() {
    return planned.size();
  }

  /** Returns how many COMMITs reached the server through this factory. */
  public int commits() {
    return commits.get();
  }

  /** Makes new connections fail as if the server refused them, for the given milliseconds. */
  public void refuseConnectionsFor(long millis) {
    refuseUntilNanos.set(System.nanoTime() + millis * 1_000_000);
  }

  /** Accepts new connections again. */
  public void acceptConnections() {
    refuseUntilNanos.set(Long.MIN_VALUE);
  }

  /** Returns these connections as a (non-pooling) {@link DataSource}, for a framework to use. */
  public DataSource dataSource() {
    return (DataSource)
        Proxy.newProxyInstance(
            CommitFaults.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getConnection" -> openConnection();
                  case "getLoginTimeout" -> 0;
                  case "isWrapperFor" -> false;
                  case "toString" -> "CommitFaults[" + url + "]";
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> null;
                });
  }

  @Override
  public Connection openConnection() throws SQLException {
    if (System.nanoTime() < refuseUntilNanos.get()) {
      throw new SQLException("Connection refused (test: the server is restarting)", "08001");
    }
    Connection real = DriverManager.getConnection(url, user, password);
    return (Connection)
        Proxy.newProxyInstance(
            CommitFaults.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new Handler(real));
  }

  private final class Handler implements InvocationHandler {
    private final Connection real;

    Handler(Connection real) {
      this.real = real;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getName().equals("commit") && method.getParameterCount() == 0) {
        Fault fault = planned.poll();
        if (fault == Fault.LOSE_BEFORE_COMMIT) {
          real.close();
          throw brokenPipe();
        }
        if (fault == Fault.LOSE_ANSWER_AFTER_COMMIT) {
          real.commit();
          commits.incrementAndGet();
          real.close();
          throw brokenPipe();
        }
        if (fault == Fault.AMBIGUOUS_RESULT) {
          real.commit();
          commits.incrementAndGet();
          throw new SQLException("result is ambiguous (test)", "40003");
        }
        if (fault == Fault.LOSE_ANSWER_AFTER_COMMIT_WITHOUT_STATE) {
          real.commit();
          commits.incrementAndGet();
          real.close();
          throw new SQLException("Connection is closed (test)");
        }
        real.commit();
        commits.incrementAndGet();
        return null;
      }
      try {
        return method.invoke(real, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }

  private static SQLException brokenPipe() {
    return new SQLException("An I/O error occurred while sending to the backend (test)", "08006");
  }
}
