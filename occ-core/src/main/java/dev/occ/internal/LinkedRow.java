package dev.occ.internal;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A row to insert together with a versioned update, only if the update happens: its table, its
 * columns, and where each column's value comes from (a value of the caller's, or a fact of the
 * written row).
 *
 * @param table the table, already checked to be a plain identifier (optionally schema-qualified)
 * @param columns the columns, in order
 * @param sources where each column's value comes from, in the same order
 */
public record LinkedRow(String table, List<String> columns, List<Source> sources) {
  /** What a linked column holds. */
  public enum Kind {
    /** A value the caller gave. */
    VALUE,
    /** The updated row's id. */
    ID,
    /** The version the update expected (the one moved from). */
    EXPECTED_VERSION,
    /** The version the update wrote. */
    NEW_VERSION,
    /** The updated-at value the update wrote. */
    UPDATED_AT,
    /** A column's value before the update (one of {@code returningPrevious}). */
    PREVIOUS
  }

  /**
   * Where one column's value comes from.
   *
   * @param kind what it holds
   * @param value the caller's value, for {@link Kind#VALUE}
   * @param column the updated table's column, for {@link Kind#PREVIOUS}
   */
  public record Source(Kind kind, @Nullable Object value, @Nullable String column) {}

  /** The shape of the row (table, columns, kinds), without the caller's values: a cache key. */
  List<Object> shape() {
    return List.of(
        table,
        columns,
        sources.stream()
            .map(s -> s.kind() == Kind.PREVIOUS ? "p:" + s.column() : s.kind().name())
            .toList());
  }
}
