package dev.occ.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.result.ResultSetException;
import org.jdbi.v3.core.statement.UnableToCreateStatementException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jspecify.annotations.Nullable;

/**
 * Runs one of occ's statements on the handle's JDBC connection with a bare {@link
 * PreparedStatement}, where {@link DirectPath} allows it: prepared, bound and read as Jdbi would
 * (same statement flags, same setters, at most one row), and failing with the exceptions Jdbi
 * throws at the same steps, each with the driver's {@link SQLException} as its cause, so that error
 * classification and callers see no difference.
 */
final class DirectStatement {
  private DirectStatement() {}

  /** The value each placeholder takes. */
  @FunctionalInterface
  interface Values {
    /** Returns the value of one placeholder; only values {@link DirectPath#plain} allows. */
    Object value(PositionalSql.Bind bind);
  }

  /** Reads the one row a statement handed back. */
  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /**
   * Runs a statement that hands back at most one row and reads it.
   *
   * @return the row read, or null if the statement handed back none
   * @throws IllegalStateException if it handed back more than one row, as Jdbi's {@code findOne}
   */
  static <T> @Nullable T queryOne(Handle h, String namedSql, Values values, RowReader<T> reader) {
    PositionalSql sql = PositionalSql.of(namedSql);
    Connection c = h.getConnection();
    PreparedStatement ps;
    try {
      ps = c.prepareStatement(sql.sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    } catch (SQLException e) {
      throw new UnableToCreateStatementException(e, null);
    }
    RuntimeException failure = null;
    try {
      bind(ps, sql.binds(), values);
      ResultSet rs = execute(ps);
      return rs == null ? null : readOne(rs, reader);
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    } finally {
      close(ps, failure);
    }
  }

  private static void bind(PreparedStatement ps, List<PositionalSql.Bind> binds, Values values) {
    try {
      for (int i = 0; i < binds.size(); i++) {
        set(ps, i + 1, values.value(binds.get(i)));
      }
    } catch (SQLException e) {
      throw new UnableToCreateStatementException("Exception while binding parameters", e, null);
    }
  }

  /** The setter Jdbi's built-in argument factories use for each type {@link DirectPath} allows. */
  private static void set(PreparedStatement ps, int position, Object value) throws SQLException {
    if (value instanceof String s) {
      ps.setString(position, s);
    } else if (value instanceof Long l) {
      ps.setLong(position, l);
    } else if (value instanceof Integer i) {
      ps.setInt(position, i);
    } else if (value instanceof Short s) {
      ps.setShort(position, s);
    } else if (value instanceof Boolean b) {
      ps.setBoolean(position, b);
    } else if (value instanceof Double d) {
      ps.setDouble(position, d);
    } else if (value instanceof BigDecimal d) {
      ps.setBigDecimal(position, d);
    } else {
      throw new IllegalStateException("not a plain JDBC value: " + value.getClass());
    }
  }

  private static @Nullable ResultSet execute(PreparedStatement ps) {
    try {
      return ps.execute() ? ps.getResultSet() : null;
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
  }

  private static <T> @Nullable T readOne(ResultSet rs, RowReader<T> reader) {
    try (rs) {
      if (!rs.next()) {
        return null;
      }
      T row = reader.read(rs);
      if (rs.next()) {
        throw new IllegalStateException("Expected zero to one rows for findOne, got more");
      }
      return row;
    } catch (SQLException e) {
      throw new ResultSetException("Unable to read the statement's result", e, null);
    }
  }

  private static void close(PreparedStatement ps, @Nullable RuntimeException failure) {
    try {
      ps.close();
    } catch (SQLException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      } else {
        throw new UnableToExecuteStatementException("Could not close the statement", e, null);
      }
    }
  }
}
