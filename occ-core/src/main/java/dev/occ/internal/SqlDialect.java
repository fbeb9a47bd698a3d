package dev.occ.internal;

import dev.occ.Database;
import dev.occ.VersionedTable;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * Renders occ's statements for one database: one method per statement, named binds ({@code :id},
 * {@code :expected}, {@code :scope}, {@code :v0…} for set values, {@code :k0…} for batch ids).
 * Subclasses override where their database differs; a method that returns {@code null} means "this
 * database cannot do that in one statement", and the writer falls back to a plain write and a read
 * of the locked row. Rendered SQL is cached per statement kind, table and column list.
 *
 * <p>On a table with a scope column every statement that finds rows by id — writes, the reads that
 * explain them, the locking reads of batches — also matches {@code scope = :scope}, so a row of
 * another scope is never written, locked into a result or read back.
 */
public abstract class SqlDialect {
  /** Bind name of the row id. */
  public static final String ID = "id";

  /** Bind name of the expected version. */
  public static final String EXPECTED = "expected";

  /** Bind name of the version an insert gives the row. */
  public static final String INITIAL = "initial";

  /** Bind name of the scope value, on a table with a scope column. */
  public static final String SCOPE = "scope";

  private final Database database;
  private final SqlNames names;
  private final ConcurrentMap<Key, String> cache = new ConcurrentHashMap<>();

  SqlDialect(Database database, SqlNames names) {
    this.database = database;
    this.names = names;
  }

  /** Returns the dialect for the database, quoting names as given. */
  public static SqlDialect of(Database database, SqlNames names) {
    return switch (database) {
      case POSTGRESQL -> new PostgresDialect(names);
      case H2 -> new H2Dialect(names);
      case MARIADB -> new MariaDbDialect(names);
      case MYSQL, GENERIC -> new GenericDialect(database, names);
    };
  }

  /** Returns the database this dialect renders for. */
  public Database database() {
    return database;
  }

  /** Returns the bind name of the i-th set value. */
  public static String value(int i) {
    return "v" + i;
  }

  /** Returns the bind name of the i-th id of a batch read. */
  public static String key(int i) {
    return "k" + i;
  }

  /**
   * Returns whether a read that explains a write that matched nothing must lock the row to see the
   * latest committed version (InnoDB's plain reads see the transaction's snapshot).
   */
  public boolean conflictReadLocks() {
    return true;
  }

  /**
   * Returns whether {@link #updateReturning} and {@link #insertReturning} hand back, as their last
   * column, the id of the transaction the write ran in, by which occ can later ask the server
   * whether that transaction committed (PostgreSQL's {@code txid_current()}).
   */
  public boolean returnsTransactionId() {
    return false;
  }

  /**
   * {@code UPDATE t SET a = :v0, …, version = version + 1, updated_at = now WHERE id = :id AND
   * version = :expected [AND scope = :scope]}.
   */
  public final String update(VersionedTable t, List<String> columns) {
    return cached(Kind.UPDATE, t, columns, List.of());
  }

  /**
   * The update of {@link #update}, handing back the new version, updated-at and the previous values
   * of the named columns in one statement; {@code null} if this database cannot.
   */
  public final @Nullable String updateReturning(
      VersionedTable t, List<String> columns, List<String> previous) {
    String sql = cached(Kind.UPDATE_RETURNING, t, columns, previous);
    return sql.isEmpty() ? null : sql;
  }

  /**
   * Returns whether {@link #updateReturningLinked} writes linked rows in the update's own
   * statement; where it does not, occ inserts each with {@link #linkedInsert} after the update.
   */
  public boolean inlinesLinkedRows() {
    return false;
  }

  /**
   * The update of {@link #updateReturning} that also inserts the linked rows, in one statement
   * where the database can ({@link #inlinesLinkedRows}); elsewhere just {@link #updateReturning},
   * and the linked rows follow on their own. Its result columns are those of {@link
   * #updateReturning}. A linked row's values bind as {@link #linked(int, int)}.
   */
  public final @Nullable String updateReturningLinked(
      VersionedTable t, List<String> columns, List<String> previous, List<LinkedRow> linked) {
    if (linked.isEmpty() || !inlinesLinkedRows()) {
      return updateReturning(t, columns, previous);
    }
    List<Object> shape = linked.stream().map(LinkedRow::shape).map(Object.class::cast).toList();
    return cache.computeIfAbsent(
        new Key(Kind.UPDATE_RETURNING_LINKED, t, columns, previous, shape),
        k -> renderUpdateReturningLinked(t, columns, previous, linked));
  }

  /** Returns "" when the database cannot update and insert linked rows in one statement. */
  String renderUpdateReturningLinked(
      VersionedTable t, List<String> columns, List<String> previous, List<LinkedRow> linked) {
    return "";
  }

  /**
   * {@code INSERT INTO x (a, …) VALUES (:l0_0, …)}: a linked row on its own, bound by occ from the
   * caller's values and the written row's facts.
   */
  public final String linkedInsert(LinkedRow row, int index) {
    return cache.computeIfAbsent(
        new Key(Kind.LINKED_INSERT, null, List.of(), List.of(), List.of(row.shape(), index)),
        k -> {
          StringBuilder values = new StringBuilder();
          for (int j = 0; j < row.columns().size(); j++) {
            values.append(j == 0 ? ":" : ", :").append(linked(index, j));
          }
          return "INSERT INTO "
              + tableName(row.table())
              + " ("
              + list(row.columns())
              + ") VALUES ("
              + values
              + ")";
        });
  }

  /** Returns the bind name of the j-th value of the i-th linked row. */
  public static String linked(int i, int j) {
    return "l" + i + "_" + j;
  }

  /** {@code INSERT INTO t (a, …, version, updated_at) VALUES (:v0, …, :initial, now)}. */
  public final String insert(VersionedTable t, List<String> columns) {
    return cached(Kind.INSERT, t, columns, List.of());
  }

  /**
   * The insert of {@link #insert}, handing back id, version and updated-at; {@code null} if this
   * database cannot.
   */
  public final @Nullable String insertReturning(VersionedTable t, List<String> columns) {
    String sql = cached(Kind.INSERT_RETURNING, t, columns, List.of());
    return sql.isEmpty() ? null : sql;
  }

  /** {@code DELETE FROM t WHERE id = :id AND version = :expected [AND scope = :scope]}. */
  public final String delete(VersionedTable t) {
    return cached(Kind.DELETE, t, List.of(), List.of());
  }

  /**
   * {@code SELECT version, updated_at FROM t WHERE id = :id [AND scope = :scope]}, locking where
   * {@link #conflictReadLocks}.
   */
  public final String selectVersion(VersionedTable t) {
    return cached(Kind.SELECT_VERSION, t, List.of(), List.of());
  }

  /**
   * {@code SELECT * FROM t WHERE id = :id [AND scope = :scope]}, locking where {@link
   * #conflictReadLocks}.
   */
  public final String selectRow(VersionedTable t) {
    return cached(Kind.SELECT_ROW, t, List.of(), List.of());
  }

  /**
   * {@code SELECT updated_at FROM t WHERE id = :id [AND scope = :scope]}: a row this transaction
   * has just written.
   */
  public final String selectUpdatedAt(VersionedTable t) {
    return cached(Kind.SELECT_UPDATED_AT, t, List.of(), List.of());
  }

  /**
   * {@code SELECT a, … FROM t WHERE id = :id AND version = :expected [AND scope = :scope] FOR
   * UPDATE}: the values before a write.
   */
  public final String lockPrevious(VersionedTable t, List<String> previous) {
    return cached(Kind.LOCK_PREVIOUS, t, List.of(), previous);
  }

  /**
   * Locks the rows of a batch and tells, by the database's own comparison, which of the batch's ids
   * each row matches: {@code SELECT id, version, (id = :k0) AS m0, … FROM t WHERE id IN (:k0, …)
   * [AND scope = :scope] FOR UPDATE}. Column 1 is the stored id, 2 the version, 3 + i whether the
   * row matches id i; a row of another scope is not in the result.
   */
  public final String lockBatch(VersionedTable t, int ids) {
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(name(t.idColumn()))
            .append(", ")
            .append(name(t.versionColumn()));
    for (int i = 0; i < ids; i++) {
      sql.append(", (")
          .append(name(t.idColumn()))
          .append(" = :")
          .append(key(i))
          .append(") AS m")
          .append(i);
    }
    return sql.append(" FROM ")
        .append(table(t))
        .append(" WHERE ")
        .append(idIn(t, ids))
        .append(scopeMatch(t, ""))
        .append(" FOR UPDATE")
        .toString();
  }

  /**
   * {@code SELECT id, updated_at FROM t WHERE id IN (:k0, …) [AND scope = :scope]}: rows this
   * transaction has just written.
   */
  public final String selectUpdatedAts(VersionedTable t, int ids) {
    return "SELECT "
        + name(t.idColumn())
        + ", "
        + name(updatedAt(t))
        + " FROM "
        + table(t)
        + " WHERE "
        + idIn(t, ids)
        + scopeMatch(t, "");
  }

  /** The SQL expression for "now" that a write stores in the updated-at column. */
  String now() {
    return "CURRENT_TIMESTAMP";
  }

  String renderUpdate(VersionedTable t, List<String> columns) {
    return "UPDATE "
        + table(t)
        + " SET "
        + assignments(t, columns, "")
        + " WHERE "
        + idAndVersion(t, "");
  }

  /** Returns "" when the database cannot update and return in one statement. */
  String renderUpdateReturning(VersionedTable t, List<String> columns, List<String> previous) {
    return "";
  }

  String renderInsert(VersionedTable t, List<String> columns) {
    StringBuilder names = new StringBuilder();
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      names.append(name(columns.get(i))).append(", ");
      values.append(':').append(value(i)).append(", ");
    }
    names.append(name(t.versionColumn()));
    values.append(':').append(INITIAL);
    if (t.updatedAtColumn() != null) {
      names.append(", ").append(name(t.updatedAtColumn()));
      values.append(", ").append(now());
    }
    return "INSERT INTO " + table(t) + " (" + names + ") VALUES (" + values + ")";
  }

  /** Returns "" when the database cannot insert and return in one statement. */
  String renderInsertReturning(VersionedTable t, List<String> columns) {
    return "";
  }

  /**
   * {@code a = :v0, …, version = version + 1, updated_at = now}, columns qualified by the prefix.
   */
  final String assignments(VersionedTable t, List<String> columns, String qualifier) {
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      sql.append(name(columns.get(i))).append(" = :").append(value(i)).append(", ");
    }
    String version = name(t.versionColumn());
    sql.append(version).append(" = ").append(qualifier).append(version).append(" + 1");
    if (t.updatedAtColumn() != null) {
      sql.append(", ").append(name(t.updatedAtColumn())).append(" = ").append(now());
    }
    return sql.toString();
  }

  /**
   * {@code id = :id AND version = :expected [AND scope = :scope]}, columns qualified by the prefix.
   */
  final String idAndVersion(VersionedTable t, String qualifier) {
    return qualifier
        + name(t.idColumn())
        + " = :"
        + ID
        + " AND "
        + qualifier
        + name(t.versionColumn())
        + " = :"
        + EXPECTED
        + scopeMatch(t, qualifier);
  }

  /**
   * {@code " AND scope = :scope"}, qualified by the prefix, on a table with a scope column; else
   * nothing.
   */
  final String scopeMatch(VersionedTable t, String qualifier) {
    String scope = t.scopeColumn();
    return scope == null ? "" : " AND " + qualifier + name(scope) + " = :" + SCOPE;
  }

  /** {@code version, updated_at} (just version when the table has no updated-at), qualified. */
  final String versionColumns(VersionedTable t, String qualifier) {
    String version = qualifier + name(t.versionColumn());
    return t.updatedAtColumn() == null
        ? version
        : version + ", " + qualifier + name(t.updatedAtColumn());
  }

  final String versionColumns(VersionedTable t) {
    return versionColumns(t, "");
  }

  final String list(List<String> columns) {
    StringBuilder sql = new StringBuilder();
    for (String column : columns) {
      sql.append(sql.length() == 0 ? "" : ", ").append(name(column));
    }
    return sql.toString();
  }

  final String table(VersionedTable t) {
    return names.quote(t.name());
  }

  /** Quotes a table name given as text, optionally {@code schema.table}. */
  final String tableName(String name) {
    return names.quote(name);
  }

  final String name(String column) {
    return names.quote(column);
  }

  private String byId(VersionedTable t) {
    return name(t.idColumn()) + " = :" + ID + scopeMatch(t, "");
  }

  private String conflictLock() {
    return conflictReadLocks() ? " FOR UPDATE" : "";
  }

  private String idIn(VersionedTable t, int ids) {
    StringBuilder sql = new StringBuilder(name(t.idColumn())).append(" IN (");
    for (int i = 0; i < ids; i++) {
      sql.append(i == 0 ? ":" : ", :").append(key(i));
    }
    return sql.append(')').toString();
  }

  private static String updatedAt(VersionedTable t) {
    String column = t.updatedAtColumn();
    if (column == null) {
      throw new IllegalStateException(t + " has no updated-at column");
    }
    return column;
  }

  /**
   * Returns the statement of the kind for the table and columns, rendered on first use; a hit costs
   * the key and one lookup, nothing captured.
   */
  private String cached(Kind kind, VersionedTable t, List<String> columns, List<String> previous) {
    Key key = new Key(kind, t, columns, previous, List.of());
    String sql = cache.get(key);
    return sql != null ? sql : cache.computeIfAbsent(key, k -> render(kind, t, columns, previous));
  }

  private String render(Kind kind, VersionedTable t, List<String> columns, List<String> previous) {
    return switch (kind) {
      case UPDATE -> renderUpdate(t, columns);
      case UPDATE_RETURNING -> renderUpdateReturning(t, columns, previous);
      case INSERT -> renderInsert(t, columns);
      case INSERT_RETURNING -> renderInsertReturning(t, columns);
      case DELETE -> "DELETE FROM " + table(t) + " WHERE " + idAndVersion(t, "");
      case SELECT_VERSION ->
          "SELECT "
              + versionColumns(t)
              + " FROM "
              + table(t)
              + " WHERE "
              + byId(t)
              + conflictLock();
      case SELECT_ROW -> "SELECT * FROM " + table(t) + " WHERE " + byId(t) + conflictLock();
      case SELECT_UPDATED_AT ->
          "SELECT " + name(updatedAt(t)) + " FROM " + table(t) + " WHERE " + byId(t);
      case LOCK_PREVIOUS ->
          "SELECT "
              + list(previous)
              + " FROM "
              + table(t)
              + " WHERE "
              + idAndVersion(t, "")
              + " FOR UPDATE";
      case UPDATE_RETURNING_LINKED, LINKED_INSERT ->
          throw new IllegalStateException(kind + " is rendered with its linked rows");
    };
  }

  private enum Kind {
    UPDATE,
    UPDATE_RETURNING,
    UPDATE_RETURNING_LINKED,
    LINKED_INSERT,
    INSERT,
    INSERT_RETURNING,
    DELETE,
    SELECT_VERSION,
    SELECT_ROW,
    SELECT_UPDATED_AT,
    LOCK_PREVIOUS
  }

  /** A rendered statement's identity; {@code shape} holds linked rows' shapes, never values. */
  private record Key(
      Kind kind,
      @Nullable VersionedTable table,
      List<String> columns,
      List<String> previous,
      List<Object> shape) {}
}
