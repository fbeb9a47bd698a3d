package dev.occ;

import static java.util.Objects.requireNonNull;

import dev.occ.internal.RowWriter;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jspecify.annotations.Nullable;

/** A delete of one row that succeeds only at the expected version. */
public final class DeleteRequest {
  private final Occ occ;
  private final VersionedTable table;
  private @Nullable Object id;
  private long expectedVersion = -1;
  private @Nullable RowMapper<?> currentMapper;
  private @Nullable Object scope;

  DeleteRequest(Occ occ, VersionedTable table) {
    this.occ = occ;
    this.table = table;
  }

  /** Names the row to delete. */
  public DeleteRequest whereId(Object id) {
    this.id = requireNonNull(id, "id");
    return this;
  }

  /**
   * Names the scope (tenant) the row must be in, required on a table with a scope column: a row of
   * another scope is not found (never a conflict), and its version is never read.
   *
   * @throws IllegalArgumentException if the table has no scope column, or the value is null
   */
  public DeleteRequest inScope(Object value) {
    this.scope = Scopes.given(table, value);
    return this;
  }

  /** Sets the version the caller read; the delete happens only if the row still has it. */
  public DeleteRequest expectVersion(long version) {
    if (version < 0) {
      throw new IllegalArgumentException("expected version must be >= 0");
    }
    this.expectedVersion = version;
    return this;
  }

  /**
   * Asks for the current row in a {@link VersionConflictException}, as a map of lower-case names.
   */
  public DeleteRequest fetchCurrentOnConflict() {
    return fetchCurrentOnConflict(RowWriter.lowerCaseMap());
  }

  /**
   * Asks for the current row in a {@link VersionConflictException}, mapped by the caller's mapper.
   */
  public DeleteRequest fetchCurrentOnConflict(RowMapper<?> mapper) {
    this.currentMapper = requireNonNull(mapper, "mapper");
    return this;
  }

  /**
   * Runs the delete in the caller's transaction if one is active, else in a transaction of its own
   * that is committed before this returns, retrying transient errors.
   *
   * @throws VersionConflictException if the row has another version
   * @throws RowNotFoundException if the row does not exist (in the scope)
   * @throws IllegalStateException if the request is incomplete, e.g. has no scope on a scoped table
   * @throws TransientFailureException if transient errors outlast the retry policy
   */
  public void execute() {
    check();
    occ.run(table, Operation.DELETE, this::run);
  }

  /**
   * Runs the delete on the caller's handle: in its transaction, once, if it is in one; else in a
   * transaction of its own on that handle.
   *
   * @throws VersionConflictException if the row has another version
   * @throws RowNotFoundException if the row does not exist (in the scope)
   * @throws IllegalStateException if the request is incomplete, e.g. has no scope on a scoped table
   * @throws TransientFailureException on a transient error: re-run the whole transaction
   */
  public void execute(Handle handle) {
    check();
    occ.onHandle(table, Operation.DELETE, handle, this::run);
  }

  private Boolean run(Handle h) {
    occ.rows().delete(h, table, requireNonNull(id), scope, expectedVersion, currentMapper);
    return Boolean.TRUE;
  }

  private void check() {
    Scopes.required(table, scope);
    if (id == null) {
      throw new IllegalStateException("whereId(…) is required");
    }
    if (expectedVersion < 0) {
      throw new IllegalStateException("expectVersion(…) is required");
    }
  }
}
