package dev.occ;

import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * An insert of one row at the table's initial version; the id may be given with {@code
 * value(idColumn, …)} or left to the database.
 */
public final class InsertRequest {
  private final Occ occ;
  private final VersionedTable table;
  private final Changes values;

  InsertRequest(Occ occ, VersionedTable table) {
    this.occ = occ;
    this.table = table;
    this.values = new Changes(table);
  }

  /**
   * Sets a column's value (bound as a parameter).
   *
   * @throws IllegalArgumentException if the name is not a plain identifier or is the version or
   *     updated-at column
   */
  public InsertRequest value(String column, @Nullable Object value) {
    values.put(column, value, true);
    return this;
  }

  /**
   * Sets several columns' values.
   *
   * @throws IllegalArgumentException as {@link #value}
   */
  public InsertRequest values(Map<String, ?> columns) {
    values.putAll(columns, true);
    return this;
  }

  /**
   * Runs the insert in the caller's transaction if one is active, else in a transaction of its own
   * that is committed before this returns, retrying transient errors.
   *
   * @return the new row's id, its initial version and updated-at
   * @throws TransientFailureException if transient errors outlast the retry policy
   */
  public RowVersion execute() {
    return occ.run(table, Operation.INSERT, this::run);
  }

  /**
   * Runs the insert on the caller's handle: in its transaction, once, if it is in one; else in a
   * transaction of its own on that handle.
   *
   * @return the new row's id, its initial version and updated-at
   * @throws TransientFailureException on a transient error: re-run the whole transaction
   */
  public RowVersion execute(Handle handle) {
    return occ.onHandle(table, Operation.INSERT, handle, this::run);
  }

  private RowVersion run(Handle h) {
    return occ.rows()
        .insert(h, table, values.columns(), values.values(), values.valueOf(table.idColumn()));
  }
}
