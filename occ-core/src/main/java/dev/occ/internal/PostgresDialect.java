package dev.occ.internal;

import dev.occ.Database;
import dev.occ.VersionedTable;
import java.util.List;

/**
 * PostgreSQL: every write hands back what occ needs in the same statement ({@code RETURNING});
 * previous values come from a data-modifying CTE that locks the row at the expected version first
 * ({@code RETURNING old.*} of PostgreSQL 18 would save the CTE, but the CTE works on every version).
 * A plain read explains a failed write: at READ COMMITTED each statement sees the latest commit.
 */
final class PostgresDialect extends SqlDialect {
  private static final String ROW = "occ_row.";
  private static final String OLD = "occ_old";

  /**
   * The write's transaction id, for {@code txid_status} after a lost answer to COMMIT; the write
   * has assigned it already, so asking costs nothing more.
   */
  private static final String TRANSACTION_ID = ", txid_current()";

  PostgresDialect(SqlNames names) {
    super(Database.POSTGRESQL, names);
  }

  @Override
  public boolean conflictReadLocks() {
    return false;
  }

  @Override
  public boolean returnsTransactionId() {
    return true;
  }

  @Override
  String renderUpdateReturning(VersionedTable t, List<String> columns, List<String> previous) {
    if (previous.isEmpty()) {
      return renderUpdate(t, columns) + " RETURNING " + versionColumns(t) + TRANSACTION_ID;
    }
    StringBuilder returned = new StringBuilder(versionColumns(t, ROW));
    for (String column : previous) {
      returned.append(", ").append(OLD).append('.').append(name(column));
    }
    return "WITH " + OLD + " AS (SELECT " + name(t.idColumn()) + " AS occ_id, " + list(previous)
        + " FROM " + table(t) + " WHERE " + idAndVersion(t, "") + " FOR UPDATE)"
        + " UPDATE " + table(t) + " AS occ_row SET " + assignments(t, columns, ROW)
        + " FROM " + OLD + " WHERE " + ROW + name(t.idColumn()) + " = " + OLD + ".occ_id AND "
        + ROW + name(t.versionColumn()) + " = :" + EXPECTED
        + " RETURNING " + returned + TRANSACTION_ID;
  }

  @Override
  String renderInsertReturning(VersionedTable t, List<String> columns) {
    return renderInsert(t, columns) + " RETURNING " + name(t.idColumn()) + ", " + versionColumns(t)
        + TRANSACTION_ID;
  }
}
