package dev.occ;

import static java.util.Objects.requireNonNull;

import dev.occ.internal.BatchWriter.BatchRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * Many versioned updates in one transaction, each row with its own outcome, so a stale row never
 * fails the others: one locking read decides every row's outcome by the database's own comparison
 * of ids, then the updates go as JDBC batches (one per set of columns). Rows apply in the order
 * added: the same row twice at one expected version updates once, then conflicts.
 */
public final class BatchUpdateRequest {
  private final Occ occ;
  private final VersionedTable table;
  private final List<BatchRow> rows = new ArrayList<>();
  private @Nullable Object scope;

  BatchUpdateRequest(Occ occ, VersionedTable table) {
    this.occ = occ;
    this.table = table;
  }

  /**
   * Names the scope (tenant) the rows must be in, required on a table with a scope column: a row of
   * another scope is reported {@link BatchOutcome.Status#NOT_FOUND}, and its version is never read.
   *
   * @throws IllegalArgumentException if the table has no scope column, or the value is null
   */
  public BatchUpdateRequest inScope(Object value) {
    this.scope = Scopes.given(table, value);
    return this;
  }

  /**
   * Adds a row to update if it still has the expected version.
   *
   * @throws IllegalArgumentException if a column is not a plain identifier or managed by occ, or
   *     there are no changes
   */
  public BatchUpdateRequest add(Object id, long expectedVersion, Map<String, ?> changes) {
    requireNonNull(id, "id");
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("expected version must be >= 0");
    }
    Changes c = new Changes(table);
    c.putAll(changes, false);
    if (c.isEmpty()) {
      throw new IllegalArgumentException("a batch row needs at least one change");
    }
    rows.add(new BatchRow(id, expectedVersion, c.columns(), c.values()));
    return this;
  }

  /**
   * Runs the batch in the caller's transaction if one is active, else in a transaction of its own
   * that is committed before this returns, retrying transient errors.
   *
   * @return one outcome per added row, in the order added
   * @throws IllegalStateException if the table is scoped and the request names no scope
   * @throws TransientFailureException if transient errors outlast the retry policy
   */
  public List<BatchOutcome> execute() {
    Scopes.required(table, scope);
    return occ.run(table, Operation.BATCH_UPDATE, this::run);
  }

  /**
   * Runs the batch on the caller's handle: in its transaction, once, if it is in one; else in a
   * transaction of its own on that handle.
   *
   * @return one outcome per added row, in the order added
   * @throws IllegalStateException if the table is scoped and the request names no scope
   * @throws TransientFailureException on a transient error: re-run the whole transaction
   */
  public List<BatchOutcome> execute(Handle handle) {
    Scopes.required(table, scope);
    return occ.onHandle(table, Operation.BATCH_UPDATE, handle, this::run);
  }

  private List<BatchOutcome> run(Handle h) {
    return rows.isEmpty() ? List.of() : occ.batches().update(h, table, scope, List.copyOf(rows));
  }
}
