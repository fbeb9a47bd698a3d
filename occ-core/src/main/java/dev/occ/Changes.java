package dev.occ;

import dev.occ.internal.Identifiers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Column values collected by a request; names checked as they arrive. */
final class Changes {
  private final VersionedTable table;
  private final Map<String, @Nullable Object> values = new LinkedHashMap<>();

  Changes(VersionedTable table) {
    this.table = table;
  }

  void put(String column, @Nullable Object value, boolean allowId) {
    Identifiers.column("column", column);
    boolean isId = column.equalsIgnoreCase(table.idColumn());
    if (table.isManaged(column) && !(allowId && isId)) {
      throw new IllegalArgumentException(
          "column " + column + " is managed by occ and cannot be set directly");
    }
    values.put(column, value);
  }

  void putAll(Map<String, ?> changes, boolean allowId) {
    changes.forEach((column, value) -> put(column, value, allowId));
  }

  boolean isEmpty() {
    return values.isEmpty();
  }

  List<String> columns() {
    return List.copyOf(values.keySet());
  }

  List<@Nullable Object> values() {
    return new ArrayList<>(values.values());
  }
}
