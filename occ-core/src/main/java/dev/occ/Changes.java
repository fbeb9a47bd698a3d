package dev.occ;

import dev.occ.internal.Identifiers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Column values collected by a request; names checked as they arrive. Names that differ only in
 * case are one column to the database, so the second of them is refused.
 */
final class Changes {
  private final VersionedTable table;
  private final Map<String, @Nullable Object> values = new LinkedHashMap<>();
  private final Set<String> folded = new HashSet<>();

  Changes(VersionedTable table) {
    this.table = table;
  }

  /**
   * Records a column's value; {@code forInsert}: the id and scope columns may be given too (an
   * update can change neither: a row never moves to another scope).
   */
  void put(String column, @Nullable Object value, boolean forInsert) {
    Identifiers.column("column", column);
    boolean insertable = column.equalsIgnoreCase(table.idColumn()) || table.isScope(column);
    if (table.isManaged(column) && !(forInsert && insertable)) {
      throw new IllegalArgumentException(
          table.isScope(column)
              ? "column " + column + " is the scope of " + table.name() + " and cannot be changed"
              : "column " + column + " is managed by occ and cannot be set directly");
    }
    if (!values.containsKey(column) && !folded.add(column.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "column " + column + " is already set under a name that differs only in case");
    }
    values.put(column, value);
  }

  void putAll(Map<String, ?> changes, boolean forInsert) {
    changes.forEach((column, value) -> put(column, value, forInsert));
  }

  boolean isEmpty() {
    return values.isEmpty();
  }

  /** Returns whether the column is set, matched regardless of case. */
  boolean has(String column) {
    return folded.contains(column.toLowerCase(Locale.ROOT));
  }

  /** Returns the value set for the column, matched regardless of case, or null. */
  @Nullable Object valueOf(String column) {
    for (Map.Entry<String, @Nullable Object> e : values.entrySet()) {
      if (e.getKey().equalsIgnoreCase(column)) {
        return e.getValue();
      }
    }
    return null;
  }

  List<String> columns() {
    return List.copyOf(values.keySet());
  }

  List<@Nullable Object> values() {
    return new ArrayList<>(values.values());
  }

  /** Checks a list of column names to read: plain identifiers, no case-duplicates. */
  static List<String> readColumns(String what, String... columns) {
    Set<String> seen = new HashSet<>();
    for (String column : columns) {
      Identifiers.column(what, column);
      if (!seen.add(column.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(what + " " + column + " is named twice");
      }
    }
    return List.of(columns);
  }
}
