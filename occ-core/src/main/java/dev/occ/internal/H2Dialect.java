package dev.occ.internal;

import dev.occ.Database;
import dev.occ.VersionedTable;
import java.util.List;

/**
 * H2: writes wrapped in a data-change delta table, {@code FINAL TABLE (…)} for the new values and
 * {@code OLD TABLE (…)} when previous values are asked for. H2 evaluates {@code CURRENT_TIMESTAMP}
 * once per command, so the old-table form hands back the updated-at the write stored.
 */
final class H2Dialect extends SqlDialect {
  H2Dialect(SqlNames names) {
    super(Database.H2, names);
  }

  @Override
  public boolean conflictReadLocks() {
    return false;
  }

  @Override
  String renderUpdateReturning(VersionedTable t, List<String> columns, List<String> previous) {
    if (previous.isEmpty()) {
      return "SELECT " + versionColumns(t) + " FROM FINAL TABLE (" + renderUpdate(t, columns) + ")";
    }
    String newValues =
        name(t.versionColumn()) + " + 1" + (t.updatedAtColumn() == null ? "" : ", " + now());
    return "SELECT "
        + newValues
        + ", "
        + list(previous)
        + " FROM OLD TABLE ("
        + renderUpdate(t, columns)
        + ")";
  }

  @Override
  String renderInsertReturning(VersionedTable t, List<String> columns) {
    return "SELECT "
        + name(t.idColumn())
        + ", "
        + versionColumns(t)
        + " FROM FINAL TABLE ("
        + renderInsert(t, columns)
        + ")";
  }
}
