package dev.occ.internal;

import dev.occ.Database;
import dev.occ.VersionedTable;
import java.util.List;

/**
 * MariaDB 10.5 and later: {@code INSERT … RETURNING} in one statement; an update has no {@code
 * RETURNING}, so it is followed by a read of the row it locked (only when the table has an
 * updated-at column: the new version is known). InnoDB's plain reads see the transaction's
 * snapshot, so a failed write is explained by a locking read. Timestamps keep microseconds.
 */
final class MariaDbDialect extends SqlDialect {
  MariaDbDialect(SqlNames names) {
    super(Database.MARIADB, names);
  }

  @Override
  String now() {
    return "CURRENT_TIMESTAMP(6)";
  }

  @Override
  String renderInsertReturning(VersionedTable t, List<String> columns) {
    return renderInsert(t, columns) + " RETURNING " + name(t.idColumn()) + ", " + versionColumns(t);
  }
}
