package dev.occ.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.argument.Arguments;
import org.jdbi.v3.core.argument.QualifiedArgumentFactory;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.statement.ColonPrefixSqlParser;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.DefinedAttributeTemplateEngine;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether occ may run a write on the handle's JDBC connection itself instead of through a
 * Jdbi statement: only when doing so cannot change what the user's Jdbi configuration would do with
 * it. Jdbi's statement objects (context, bindings, argument lookup, result iterator) cost about as
 * much client time per write as the rest of occ together; for a plain write they change nothing.
 *
 * <p>The rule, checked on every handle (a caller's handle may carry its own settings): the handle's
 * Jdbi configuration has no {@link SqlLogger}, no query timeout, no statement customizer, context
 * listener or SQL exception handler, Jdbi's own template engine, SQL parser and statement builder,
 * and exactly Jdbi's default argument factories; and every value bound is null-free and of a type
 * Jdbi binds with the matching {@code PreparedStatement} setter ({@link String}, {@link Long},
 * {@link Integer}, {@link Short}, {@link Boolean}, {@link Double}, {@link BigDecimal}). Anything
 * else takes the Jdbi path. Jdbi does not expose its customizers, context listeners and exception
 * handlers publicly; they are read reflectively, and if that ever fails (another Jdbi version)
 * every write takes the Jdbi path.
 */
final class DirectPath {
  private static final Logger LOG = LoggerFactory.getLogger(DirectPath.class);

  private static final @Nullable MethodHandle CUSTOMIZERS;
  private static final @Nullable MethodHandle CONTEXT_LISTENERS;
  private static final @Nullable VarHandle EXCEPTION_HANDLERS;

  /** The classes of Jdbi's default argument factories, in their order of precedence. */
  private static final List<Class<?>> DEFAULT_FACTORIES =
      new Arguments(new ConfigRegistry())
          .getFactories().stream().<Class<?>>map(Object::getClass).toList();

  static {
    MethodHandle customizers = null;
    MethodHandle listeners = null;
    VarHandle handlers = null;
    try {
      MethodHandles.Lookup jdbi =
          MethodHandles.privateLookupIn(SqlStatements.class, MethodHandles.lookup());
      customizers =
          jdbi.findVirtual(
              SqlStatements.class, "getCustomizers", MethodType.methodType(Collection.class));
      listeners =
          jdbi.findVirtual(
              SqlStatements.class, "getContextListeners", MethodType.methodType(Collection.class));
      handlers = jdbi.findVarHandle(SqlStatements.class, "exceptionHandlers", Deque.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.info(
          "occ cannot read this Jdbi's statement hooks ({}); every write goes through Jdbi", e);
      customizers = null;
      listeners = null;
      handlers = null;
    }
    CUSTOMIZERS = customizers;
    CONTEXT_LISTENERS = listeners;
    EXCEPTION_HANDLERS = handlers;
  }

  private DirectPath() {}

  /** Returns whether the handle's configuration leaves a statement exactly as occ renders it. */
  static boolean allows(Handle h) {
    if (CUSTOMIZERS == null || CONTEXT_LISTENERS == null || EXCEPTION_HANDLERS == null) {
      return false;
    }
    if (h.getStatementBuilder().getClass() != DefaultStatementBuilder.class) {
      return false;
    }
    SqlStatements statements = h.getConfig(SqlStatements.class);
    if (statements.getSqlLogger() != SqlLogger.NOP_SQL_LOGGER
        || statements.getQueryTimeout() != null
        || statements.getTemplateEngine().getClass() != DefinedAttributeTemplateEngine.class
        || statements.getSqlParser().getClass() != ColonPrefixSqlParser.class) {
      return false;
    }
    try {
      if (!((Collection<?>) CUSTOMIZERS.invoke(statements)).isEmpty()
          || !((Collection<?>) CONTEXT_LISTENERS.invoke(statements)).isEmpty()
          || !((Deque<?>) EXCEPTION_HANDLERS.get(statements)).isEmpty()) {
        return false;
      }
    } catch (Throwable e) { // MethodHandle.invoke declares Throwable; only Errors go on
      if (e instanceof Error error) {
        throw error;
      }
      return false;
    }
    return defaultFactories(h.getConfig(Arguments.class).getFactories());
  }

  private static boolean defaultFactories(List<QualifiedArgumentFactory> factories) {
    if (factories.size() != DEFAULT_FACTORIES.size()) {
      return false;
    }
    for (int i = 0; i < factories.size(); i++) {
      if (factories.get(i).getClass() != DEFAULT_FACTORIES.get(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns whether Jdbi would bind the value with the {@code PreparedStatement} setter of its own
   * type, as the direct path does; null is not plain (Jdbi's untyped null is configurable).
   */
  static boolean plain(@Nullable Object value) {
    if (value == null) {
      return false;
    }
    Class<?> type = value.getClass();
    return type == String.class
        || type == Long.class
        || type == Integer.class
        || type == Short.class
        || type == Boolean.class
        || type == Double.class
        || type == BigDecimal.class;
  }
}
