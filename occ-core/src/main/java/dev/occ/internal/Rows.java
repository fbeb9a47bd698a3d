package dev.occ.internal;

import dev.occ.VersionedTable;
import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jspecify.annotations.Nullable;

/** Reading and binding helpers shared by the single-row and batch writers. */
final class Rows {
  /**
   * A whole row as a map whose keys are the column labels in lower case (ROOT locale), whatever
   * Jdbi's map-mapper settings and the JVM's locale.
   */
  static final RowMapper<Map<String, @Nullable Object>> LOWER_CASE_MAP =
      (rs, ctx) -> {
        ResultSetMetaData meta = rs.getMetaData();
        Map<String, @Nullable Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getObject(i));
        }
        return Collections.unmodifiableMap(row);
      };

  private Rows() {}

  /** Binds the set values as {@code :v0, :v1, …}. */
  static <S extends SqlStatement<S>> S bindValues(S statement, List<@Nullable Object> values) {
    for (int i = 0; i < values.size(); i++) {
      statement.bind(SqlDialect.value(i), values.get(i));
    }
    return statement;
  }

  /**
   * Binds the scope as {@code :scope} on a table with a scope column, where every statement that
   * finds rows by id matches it; binds nothing on a table without one.
   *
   * @throws IllegalStateException if the scope is missing on a scoped table, or given on another
   */
  static <S extends SqlStatement<S>> S bindScope(
      S statement, VersionedTable t, @Nullable Object scope) {
    checkScope(t, scope);
    return scope == null ? statement : statement.bind(SqlDialect.SCOPE, scope);
  }

  /**
   * Checks that a scope is given exactly when the table has a scope column.
   *
   * @throws IllegalStateException if the scope is missing on a scoped table, or given on another
   */
  static void checkScope(VersionedTable t, @Nullable Object scope) {
    if (t.scopeColumn() == null) {
      if (scope != null) {
        throw new IllegalStateException(t + " has no scope column, yet a scope was given");
      }
    } else if (scope == null) {
      throw new IllegalStateException(t + " is scoped by " + t.scopeColumn() + ": no scope given");
    }
  }

  /** Reads the named columns, in order, from the given position on, as a map by the given names. */
  static Map<String, @Nullable Object> columns(ResultSet rs, int first, List<String> names)
      throws SQLException {
    if (names.isEmpty()) {
      return Map.of();
    }
    Map<String, @Nullable Object> values = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      values.put(names.get(i), rs.getObject(first + i));
    }
    return Collections.unmodifiableMap(values);
  }

  /**
   * Reads a timestamp column as an instant: with time zone where the driver has one, else (MariaDB
   * and MySQL {@code TIMESTAMP}, which the driver hands over in the JVM's zone) as a local time.
   */
  static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
    Object value = rs.getObject(column);
    if (value == null) {
      return null;
    }
    if (value instanceof OffsetDateTime odt) {
      return odt.toInstant();
    }
    if (value instanceof Timestamp ts) {
      return ts.toInstant();
    }
    if (value instanceof LocalDateTime ldt) {
      return ldt.atZone(ZoneId.systemDefault()).toInstant();
    }
    if (value instanceof Instant i) {
      return i;
    }
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  /**
   * Returns a key that is equal for equal stored ids: the value itself, or its bytes for a binary
   * id (arrays compare by identity). Used only on ids the database handed back, never on the
   * caller's, so the database's own comparison (collation, padding) decided what matched.
   */
  static Object storedKey(@Nullable Object stored) {
    if (stored instanceof byte[] bytes) {
      return ByteBuffer.wrap(bytes.clone());
    }
    if (stored == null) {
      throw new IllegalStateException("the database handed back a null id");
    }
    return stored;
  }
}
