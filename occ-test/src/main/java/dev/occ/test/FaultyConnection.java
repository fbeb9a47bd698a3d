package dev.occ.test;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.BatchUpdateException;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The connection side of a {@link FaultInjector}: hands out statements that consult the injector,
 * follows which COMMIT faults the open transaction qualifies for, and drops the physical connection
 * around COMMIT when one fires.
 */
final class FaultyConnection implements InvocationHandler {
  /** SQLState of a connection failure during a transaction (pgjdbc's for a broken socket). */
  static final String CONNECTION_FAILURE = "08006";

  private final FaultInjector injector;
  private final Connection real;
  private final Connection proxy;

  /** The COMMIT faults whose pattern a statement of the open transaction matched. */
  private final Set<InjectedFault> ranInTransaction = ConcurrentHashMap.newKeySet();

  private FaultyConnection(FaultInjector injector, Connection real) {
    this.injector = injector;
    this.real = real;
    this.proxy =
        (Connection)
            Proxy.newProxyInstance(
                FaultyConnection.class.getClassLoader(), new Class<?>[] {Connection.class}, this);
  }

  static Connection wrap(FaultInjector injector, Connection real) {
    if (Proxy.isProxyClass(real.getClass())
        && Proxy.getInvocationHandler(real) instanceof FaultyConnection faulty
        && faulty.injector == injector) {
      return real;
    }
    return new FaultyConnection(injector, real).proxy;
  }

  Connection proxy() {
    return proxy;
  }

  @Override
  public @Nullable Object invoke(Object self, Method method, @Nullable Object[] args)
      throws Throwable {
    String name = method.getName();
    int arity = method.getParameterCount();
    switch (name) {
      case "equals":
        return arity == 1 && args != null && self == args[0];
      case "hashCode":
        return System.identityHashCode(self);
      case "toString":
        return "FaultInjector connection over " + real;
      case "unwrap":
        return args != null && args[0] instanceof Class<?> c && c.isInstance(self)
            ? self
            : delegate(method, args);
      case "isWrapperFor":
        return (args != null && args[0] instanceof Class<?> c && c.isInstance(self))
            || (Boolean) delegate(method, args);
      case "createStatement":
        return FaultyStatement.wrap(
            this, (Statement) delegate(method, args), Statement.class, null);
      case "prepareStatement":
        return FaultyStatement.wrap(
            this, (Statement) delegate(method, args), PreparedStatement.class, sqlOf(args));
      case "prepareCall":
        return FaultyStatement.wrap(
            this, (Statement) delegate(method, args), CallableStatement.class, sqlOf(args));
      case "commit":
        commit();
        return null;
      case "rollback":
        if (arity == 0) {
          ranInTransaction.clear();
        }
        return delegate(method, args);
      case "setAutoCommit":
        // Switching auto-commit on commits the open transaction, without a COMMIT fault.
        ranInTransaction.clear();
        return delegate(method, args);
      default:
        return delegate(method, args);
    }
  }

  /**
   * Runs one execution of the SQL (several for a plain statement's batch) through the injector.
   *
   * @param batch whether the execution is {@code executeBatch}, whose failure a driver reports as a
   *     {@link BatchUpdateException}
   * @param refused what to do to the statement when a failure keeps the execution from happening
   */
  @Nullable Object execute(List<String> sql, boolean batch, Execution execution, Execution refused)
      throws Throwable {
    InjectedFault failure = injector.statementFault(sql);
    if (failure != null) {
      if (failure.rollsBackTransaction() && !real.getAutoCommit()) {
        real.rollback();
        ranInTransaction.clear();
      }
      refused.run();
      SQLException e = failure.statementFailure().toException();
      if (batch) {
        BatchUpdateException wrapper =
            new BatchUpdateException(
                e.getMessage(), e.getSQLState(), e.getErrorCode(), new int[0], e);
        wrapper.setNextException(e);
        throw wrapper;
      }
      throw e;
    }
    if (!injector.commitFaultsPending()) {
      return execution.run();
    }
    if (!real.getAutoCommit()) {
      injector.noteTransactionStatement(sql, ranInTransaction);
      return execution.run();
    }
    InjectedFault drop = injector.autoCommitFault(sql);
    if (drop == null) {
      return execution.run();
    }
    if (drop.kind() == InjectedFault.Kind.DROP_AFTER_COMMIT) {
      execution.run();
    }
    throw dropped(drop.kind());
  }

  private void commit() throws SQLException {
    InjectedFault drop = null;
    if (injector.commitFaultsPending() && !real.getAutoCommit()) {
      drop = injector.commitFault(ranInTransaction);
    }
    ranInTransaction.clear();
    if (drop == null) {
      real.commit();
      return;
    }
    if (drop.kind() == InjectedFault.Kind.DROP_AFTER_COMMIT) {
      real.commit();
    }
    throw dropped(drop.kind());
  }

  /** Ends the physical session abruptly and returns what a driver throws for it. */
  private SQLException dropped(InjectedFault.Kind kind) {
    SQLException lost =
        new SQLNonTransientConnectionException(
            "An I/O error occurred while sending to the backend (injected: the connection was dropped "
                + (kind == InjectedFault.Kind.DROP_BEFORE_COMMIT
                    ? "before COMMIT was sent; the transaction rolls back)"
                    : "after COMMIT succeeded; the transaction is committed)"),
            CONNECTION_FAILURE);
    try {
      // abort() ends the session without the goodbye close() would send; close() releases the rest.
      real.abort(Runnable::run);
    } catch (SQLException | RuntimeException | AbstractMethodError e) {
      lost.addSuppressed(e);
    }
    try {
      real.close();
    } catch (SQLException | RuntimeException e) {
      lost.addSuppressed(e);
    }
    return lost;
  }

  private @Nullable Object delegate(Method method, @Nullable Object[] args) throws Throwable {
    try {
      return method.invoke(real, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static @Nullable String sqlOf(@Nullable Object[] args) {
    return args != null && args.length > 0 && args[0] instanceof String s ? s : null;
  }

  /** One call to the real statement. */
  @FunctionalInterface
  interface Execution {
    @Nullable Object run() throws Throwable;
  }
}
