package dev.occ.internal;

import dev.occ.VersionedTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * The few places where SQL differs between databases: how a write hands back the row's new version
 * and updated-at in the same round trip. Everything else occ sends is plain SQL.
 */
public enum SqlDialect {
  /** {@code UPDATE … RETURNING}, {@code INSERT … RETURNING}. */
  POSTGRESQL {
    @Override
    String returning(String write, String columns) {
      return write + " RETURNING " + columns;
    }
  },
  /** {@code SELECT … FROM FINAL TABLE (UPDATE …)}: H2's data-change delta table. */
  H2 {
    @Override
    String returning(String write, String columns) {
      return "SELECT " + columns + " FROM FINAL TABLE (" + write + ")";
    }
  },
  /**
   * Any other database: the write, then a read of the row it just locked, in the same transaction
   * (two round trips).
   */
  GENERIC {
    @Override
    String returning(String write, String columns) {
      throw new UnsupportedOperationException("GENERIC has no single-statement write-and-return");
    }

    @Override
    public boolean returnsInOneStatement() {
      return false;
    }
  };

  abstract String returning(String write, String columns);

  /** Returns whether writes hand back the new version in the same statement. */
  public boolean returnsInOneStatement() {
    return true;
  }

  /** Picks the dialect for a connection from its database product name. */
  public static SqlDialect detect(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    if (product.contains("postgres")) {
      return POSTGRESQL;
    }
    if (product.equals("h2")) {
      return H2;
    }
    return GENERIC;
  }

  /** {@code UPDATE t SET a = ?, …, version = version + 1, updated_at = CURRENT_TIMESTAMP WHERE id = ? AND version = ?}. */
  public String update(VersionedTable t, List<String> columns) {
    StringBuilder sql = new StringBuilder("UPDATE ").append(t.name()).append(" SET ");
    for (String column : columns) {
      sql.append(column).append(" = ?, ");
    }
    sql.append(t.versionColumn()).append(" = ").append(t.versionColumn()).append(" + 1");
    if (t.updatedAtColumn() != null) {
      sql.append(", ").append(t.updatedAtColumn()).append(" = CURRENT_TIMESTAMP");
    }
    sql.append(" WHERE ").append(t.idColumn()).append(" = ? AND ").append(t.versionColumn());
    return sql.append(" = ?").toString();
  }

  /** The update of {@link #update}, handing back version and updated-at. */
  public String updateReturning(VersionedTable t, List<String> columns) {
    return returning(update(t, columns), versionColumns(t));
  }

  /** {@code INSERT INTO t (a, …, version, updated_at) VALUES (?, …, ?, CURRENT_TIMESTAMP)}. */
  public String insert(VersionedTable t, List<String> columns) {
    StringBuilder names = new StringBuilder();
    StringBuilder values = new StringBuilder();
    for (String column : columns) {
      names.append(column).append(", ");
      values.append("?, ");
    }
    names.append(t.versionColumn());
    values.append('?');
    if (t.updatedAtColumn() != null) {
      names.append(", ").append(t.updatedAtColumn());
      values.append(", CURRENT_TIMESTAMP");
    }
    return "INSERT INTO " + t.name() + " (" + names + ") VALUES (" + values + ")";
  }

  /** The insert of {@link #insert}, handing back id, version and updated-at. */
  public String insertReturning(VersionedTable t, List<String> columns) {
    return returning(insert(t, columns), t.idColumn() + ", " + versionColumns(t));
  }

  /** {@code DELETE FROM t WHERE id = ? AND version = ?}. */
  public String delete(VersionedTable t) {
    return "DELETE FROM " + t.name() + " WHERE " + t.idColumn() + " = ? AND " + t.versionColumn()
        + " = ?";
  }

  /** {@code SELECT version, updated_at FROM t WHERE id = ?}. */
  public String selectVersion(VersionedTable t) {
    return "SELECT " + versionColumns(t) + " FROM " + t.name() + " WHERE " + t.idColumn() + " = ?";
  }

  /** {@code SELECT * FROM t WHERE id = ?}. */
  public String selectRow(VersionedTable t) {
    return "SELECT * FROM " + t.name() + " WHERE " + t.idColumn() + " = ?";
  }

  /** {@code SELECT id, version, updated_at FROM t WHERE id IN (?, …)}. */
  public String selectVersions(VersionedTable t, int count) {
    StringBuilder sql = new StringBuilder("SELECT ").append(t.idColumn()).append(", ")
        .append(versionColumns(t)).append(" FROM ").append(t.name()).append(" WHERE ")
        .append(t.idColumn()).append(" IN (");
    for (int i = 0; i < count; i++) {
      sql.append(i == 0 ? "?" : ", ?");
    }
    return sql.append(')').toString();
  }

  private static String versionColumns(VersionedTable t) {
    return t.updatedAtColumn() == null
        ? t.versionColumn()
        : t.versionColumn() + ", " + t.updatedAtColumn();
  }
}
