package dev.occ;

import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/** A delete of one row that succeeds only at the expected version. */
public final class DeleteRequest {
  private final Occ occ;
  private final VersionedTable table;
  private @Nullable Object id;
  private long expectedVersion = -1;
  private boolean currentRowOnConflict;

  DeleteRequest(Occ occ, VersionedTable table) {
    this.occ = occ;
    this.table = table;
  }

  /** Names the row to delete. */
  public DeleteRequest whereId(Object id) {
    this.id = java.util.Objects.requireNonNull(id, "id");
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

  /** Asks for the current row in a {@link VersionConflictException}. */
  public DeleteRequest fetchCurrentOnConflict() {
    this.currentRowOnConflict = true;
    return this;
  }

  /**
   * Runs the delete in its own transaction, retrying transient errors.
   *
   * @throws VersionConflictException if the row has another version
   * @throws RowNotFoundException if the row does not exist
   * @throws TransientFailureException if transient errors outlast the retry policy
   */
  public void execute() {
    check();
    occ.owned(table, Operation.DELETE, this::run);
  }

  /**
   * Runs the delete on the caller's handle and transaction, once.
   *
   * @throws VersionConflictException if the row has another version
   * @throws RowNotFoundException if the row does not exist
   * @throws TransientFailureException on a transient error: re-run the whole transaction
   */
  public void execute(Handle handle) {
    check();
    occ.joined(table, Operation.DELETE, handle, this::run);
  }

  private Boolean run(Handle h) {
    occ.statements()
        .delete(h, table, java.util.Objects.requireNonNull(id), expectedVersion, currentRowOnConflict);
    return Boolean.TRUE;
  }

  private void check() {
    if (id == null) {
      throw new IllegalStateException("whereId(…) is required");
    }
    if (expectedVersion < 0) {
      throw new IllegalStateException("expectVersion(…) is required");
    }
  }
}
