package dev.occ.internal;

import dev.occ.Database;

/**
 * MySQL and any database occ does not know: plain SQL only. Each write is followed by a read of the
 * row it locked where occ needs more than it knows, and a failed write is explained by a locking
 * read, which sees the latest committed version at any isolation level.
 */
final class GenericDialect extends SqlDialect {
  GenericDialect(Database database, SqlNames names) {
    super(database, names);
  }

  @Override
  String now() {
    return database() == Database.MYSQL ? "CURRENT_TIMESTAMP(6)" : "CURRENT_TIMESTAMP";
  }
}
