package dev.occ.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Wraps a DataSource so that every statement executed through it, and every commit and rollback, is
 * counted. Each JDBC execute call is one round trip to the server (pgjdbc sends BEGIN in the same
 * message as the first statement of a transaction), so the counts are round trips.
 */
final class StatementCounter {
  private final List<String> statements = new ArrayList<>();
  private int commits;
  private int rollbacks;

  /** Returns a DataSource whose connections report to this counter. */
  DataSource wrap(DataSource target) {
    return proxy(DataSource.class, target, null);
  }

  synchronized void reset() {
    statements.clear();
    commits = 0;
    rollbacks = 0;
  }

  /** The SQL of each statement executed since the last reset, in order. */
  synchronized List<String> statements() {
    return List.copyOf(statements);
  }

  synchronized int commits() {
    return commits;
  }

  synchronized int rollbacks() {
    return rollbacks;
  }

  private synchronized void executed(String sql) {
    statements.add(sql);
  }

  private synchronized void ended(String how) {
    if (how.equals("commit")) {
      commits++;
    } else {
      rollbacks++;
    }
  }

  private <T> T proxy(Class<T> type, T target, String sql) {
    InvocationHandler handler = (p, method, args) -> intercept(target, sql, method, args);
    return type.cast(
        Proxy.newProxyInstance(
            StatementCounter.class.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private Object intercept(Object target, String sql, Method method, Object[] args)
      throws Throwable {
    String name = method.getName();
    if (target instanceof Statement && name.startsWith("execute")) {
      executed(args != null && args.length > 0 && args[0] instanceof String s ? s : sql);
    } else if (target instanceof Connection && (name.equals("commit") || name.equals("rollback"))) {
      ended(name);
    }
    Object result;
    try {
      result = method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    // Wrap what hands out connections and statements, so nothing escapes the count.
    Class<?> returns = method.getReturnType();
    if (result != null
        && (returns == Connection.class || Statement.class.isAssignableFrom(returns))) {
      String statementSql = args != null && args.length > 0 && args[0] instanceof String s ? s : "";
      return proxyOf(returns, result, statementSql);
    }
    return result;
  }

  private <T> T proxyOf(Class<T> type, Object value, String sql) {
    return proxy(type, type.cast(value), sql);
  }
}
