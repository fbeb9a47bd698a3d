package dev.occ;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * An insert of one row at the table's initial version; the id may be given with {@code
 * value(idColumn, …)} or left to the database. On a scoped table the row is written into the
 * request's scope.
 */
public final class InsertRequest {
  private final Occ occ;
  private final VersionedTable table;
  private final Changes values;
  private @Nullable Object scope;

  InsertRequest(Occ occ, VersionedTable table) {
    this.occ = occ;
    this.table = table;
    this.values = new Changes(table);
  }

  /**
   * Sets a column's value (bound as a parameter). The scope column may be set only to the request's
   * scope, which occ writes into it anyway.
   *
   * @throws IllegalArgumentException if the name is not a plain identifier, is the version or
   *     updated-at column, or is the scope column with a value other than the request's scope
   */
  public InsertRequest value(String column, @Nullable Object value) {
    if (table.isScope(column) && scope != null) {
      checkScopeValue(value, scope);
    }
    values.put(column, value, true);
    return this;
  }

  /**
   * Sets several columns' values.
   *
   * @throws IllegalArgumentException as {@link #value}
   */
  public InsertRequest values(Map<String, ?> columns) {
    columns.forEach(this::value);
    return this;
  }

  /**
   * Names the scope (tenant) the row is written into, required on a table with a scope column: the
   * scope column gets this value.
   *
   * @throws IllegalArgumentException if the table has no scope column, the value is null, or the
   *     scope column was already set to another value
   */
  public InsertRequest inScope(Object value) {
    Object given = Scopes.given(table, value);
    String column = Objects.requireNonNull(table.scopeColumn());
    if (values.has(column)) {
      checkScopeValue(values.valueOf(column), given);
    }
    this.scope = given;
    return this;
  }

  /**
   * Runs the insert in the caller's transaction if one is active, else in a transaction of its own
   * that is committed before this returns, retrying transient errors.
   *
   * @return the new row's id, its initial version and updated-at
   * @throws IllegalStateException if the table is scoped and the request names no scope
   * @throws TransientFailureException if transient errors outlast the retry policy
   */
  public RowVersion execute() {
    Scopes.required(table, scope);
    return occ.run(table, Operation.INSERT, this::run);
  }

  /**
   * Runs the insert on the caller's handle: in its transaction, once, if it is in one; else in a
   * transaction of its own on that handle.
   *
   * @return the new row's id, its initial version and updated-at
   * @throws IllegalStateException if the table is scoped and the request names no scope
   * @throws TransientFailureException on a transient error: re-run the whole transaction
   */
  public RowVersion execute(Handle handle) {
    Scopes.required(table, scope);
    return occ.onHandle(table, Operation.INSERT, handle, this::run);
  }

  private RowVersion run(Handle h) {
    List<String> columns = values.columns();
    List<@Nullable Object> row = values.values();
    String scopeColumn = table.scopeColumn();
    if (scopeColumn != null && !values.has(scopeColumn)) {
      columns = new ArrayList<>(columns);
      columns.add(scopeColumn);
      row.add(scope);
    }
    return occ.rows().insert(h, table, columns, row, values.valueOf(table.idColumn()), scope);
  }

  private void checkScopeValue(@Nullable Object value, Object scope) {
    if (!scope.equals(value)) {
      throw new IllegalArgumentException(
          "column "
              + table.scopeColumn()
              + " of an insert into "
              + table.name()
              + " must hold the request's scope (inScope), not another value");
    }
  }
}
