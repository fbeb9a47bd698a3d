package dev.occ.internal;

import dev.occ.Database;
import dev.occ.VersionedTable;
import java.util.List;

/**
 * PostgreSQL: every write hands back what occ needs in the same statement ({@code RETURNING});
 * previous values come from a data-modifying CTE that locks the row at the expected version first
 * ({@code RETURNING old.*} of PostgreSQL 18 would save the CTE, but the CTE works on every
 * version). A plain read explains a failed write: at READ COMMITTED each statement sees the latest
 * commit.
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
    return "WITH "
        + OLD
        + " AS (SELECT "
        + name(t.idColumn())
        + " AS occ_id, "
        + list(previous)
        + " FROM "
        + table(t)
        + " WHERE "
        + idAndVersion(t, "")
        + " FOR UPDATE)"
        + " UPDATE "
        + table(t)
        + " AS occ_row SET "
        + assignments(t, columns, ROW)
        + " FROM "
        + OLD
        + " WHERE "
        + ROW
        + name(t.idColumn())
        + " = "
        + OLD
        + ".occ_id AND "
        + ROW
        + name(t.versionColumn())
        + " = :"
        + EXPECTED
        + scopeMatch(t, ROW)
        + " RETURNING "
        + returned
        + TRANSACTION_ID;
  }

  @Override
  public boolean inlinesLinkedRows() {
    return true;
  }

  /**
   * One statement for the update and its linked rows: the update (with its previous values, if any)
   * becomes the CTE {@code occ_new}, each linked row an {@code INSERT … SELECT … FROM occ_new} CTE
   * — which inserts nothing when the update matched nothing — and the outer query hands back the
   * same columns as the plain update.
   */
  @Override
  String renderUpdateReturningLinked(
      VersionedTable t, List<String> columns, List<String> previous, List<LinkedRow> linked) {
    StringBuilder sql = new StringBuilder("WITH ");
    String where =
        ROW
            + name(t.idColumn())
            + " = :"
            + ID
            + " AND "
            + ROW
            + name(t.versionColumn())
            + " = :"
            + EXPECTED
            + scopeMatch(t, ROW);
    if (!previous.isEmpty()) {
      sql.append(OLD)
          .append(" AS (SELECT ")
          .append(name(t.idColumn()))
          .append(" AS occ_id, ")
          .append(list(previous))
          .append(" FROM ")
          .append(table(t))
          .append(" WHERE ")
          .append(idAndVersion(t, ""))
          .append(" FOR UPDATE), ");
      where += " AND " + ROW + name(t.idColumn()) + " = " + OLD + ".occ_id";
    }
    sql.append("occ_new AS (UPDATE ")
        .append(table(t))
        .append(" AS occ_row SET ")
        .append(assignments(t, columns, ROW));
    if (!previous.isEmpty()) {
      sql.append(" FROM ").append(OLD);
    }
    sql.append(" WHERE ")
        .append(where)
        .append(" RETURNING ")
        .append(ROW)
        .append(name(t.versionColumn()))
        .append(" AS occ_version");
    StringBuilder outer = new StringBuilder("occ_version");
    if (t.updatedAtColumn() != null) {
      sql.append(", ").append(ROW).append(name(t.updatedAtColumn())).append(" AS occ_updated_at");
      outer.append(", occ_updated_at");
    }
    for (int i = 0; i < previous.size(); i++) {
      sql.append(", ")
          .append(OLD)
          .append('.')
          .append(name(previous.get(i)))
          .append(" AS occ_p")
          .append(i);
      outer.append(", occ_p").append(i);
    }
    sql.append(", txid_current() AS occ_txid)");
    outer.append(", occ_txid");
    for (int i = 0; i < linked.size(); i++) {
      LinkedRow row = linked.get(i);
      sql.append(", occ_l")
          .append(i)
          .append(" AS (INSERT INTO ")
          .append(tableName(row.table()))
          .append(" (")
          .append(list(row.columns()))
          .append(") SELECT ");
      for (int j = 0; j < row.sources().size(); j++) {
        sql.append(j == 0 ? "" : ", ").append(source(row.sources().get(j), previous, i, j));
      }
      sql.append(" FROM occ_new)");
    }
    return sql.append(" SELECT ").append(outer).append(" FROM occ_new").toString();
  }

  private static String source(LinkedRow.Source s, List<String> previous, int row, int column) {
    return switch (s.kind()) {
      case VALUE -> ":" + linked(row, column);
      case ID -> ":" + ID;
      case EXPECTED_VERSION -> ":" + EXPECTED;
      case NEW_VERSION -> "occ_version";
      case UPDATED_AT -> "occ_updated_at";
      case PREVIOUS -> "occ_p" + previous.indexOf(s.column());
    };
  }

  @Override
  String renderInsertReturning(VersionedTable t, List<String> columns) {
    return renderInsert(t, columns)
        + " RETURNING "
        + name(t.idColumn())
        + ", "
        + versionColumns(t)
        + TRANSACTION_ID;
  }
}
