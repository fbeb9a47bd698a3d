package dev.occ.test;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A statement whose executions go through its {@link FaultyConnection}: the SQL it was prepared
 * with, the SQL passed to {@code execute…(sql)}, or the SQL a plain statement's batch collected.
 */
final class FaultyStatement implements InvocationHandler {
  private final FaultyConnection connection;
  private final Statement real;
  private final @Nullable String preparedSql;
  private final List<String> batch = new ArrayList<>();

  private FaultyStatement(
      FaultyConnection connection, Statement real, @Nullable String preparedSql) {
    this.connection = connection;
    this.real = real;
    this.preparedSql = preparedSql;
  }

  static Statement wrap(
      FaultyConnection connection,
      Statement real,
      Class<? extends Statement> type,
      @Nullable String sql) {
    return (Statement)
        Proxy.newProxyInstance(
            FaultyStatement.class.getClassLoader(),
            new Class<?>[] {type},
            new FaultyStatement(connection, real, sql));
  }

  @Override
  public @Nullable Object invoke(Object self, Method method, @Nullable Object[] args)
      throws Throwable {
    String name = method.getName();
    switch (name) {
      case "equals":
        return method.getParameterCount() == 1 && args != null && self == args[0];
      case "hashCode":
        return System.identityHashCode(self);
      case "toString":
        return "FaultInjector statement over " + real;
      case "unwrap":
        return args != null && args[0] instanceof Class<?> c && c.isInstance(self)
            ? self
            : delegate(method, args);
      case "isWrapperFor":
        return (args != null && args[0] instanceof Class<?> c && c.isInstance(self))
            || (Boolean) delegate(method, args);
      case "getConnection":
        return connection.proxy();
      case "addBatch":
        if (args != null && args.length == 1 && args[0] instanceof String sql) {
          synchronized (batch) {
            batch.add(sql);
          }
        }
        return delegate(method, args);
      case "clearBatch":
        synchronized (batch) {
          batch.clear();
        }
        return delegate(method, args);
      default:
        if (name.startsWith("execute")) {
          return execute(name, method, args);
        }
        return delegate(method, args);
    }
  }

  private @Nullable Object execute(String name, Method method, @Nullable Object[] args)
      throws Throwable {
    boolean isBatch = name.equals("executeBatch") || name.equals("executeLargeBatch");
    List<String> sql;
    if (args != null && args.length > 0 && args[0] instanceof String given) {
      sql = List.of(given);
    } else if (preparedSql != null) {
      sql = List.of(preparedSql);
    } else if (isBatch) {
      synchronized (batch) {
        sql = List.copyOf(batch);
        // JDBC empties a statement's batch when it is executed, whatever the outcome.
        batch.clear();
      }
    } else {
      sql = List.of();
    }
    return connection.execute(
        sql,
        isBatch,
        () -> delegate(method, args),
        () -> {
          if (isBatch) {
            // As if the batch had been sent: the next one starts empty.
            real.clearBatch();
          }
          return null;
        });
  }

  private @Nullable Object delegate(Method method, @Nullable Object[] args) throws Throwable {
    try {
      return method.invoke(real, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
