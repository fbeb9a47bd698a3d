package dev.occ;

import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/** A versioned update of one row: {@code set(…)}, {@code whereId}, {@code expectVersion}, then execute. */
public final class UpdateRequest {
  private final Occ occ;
  private final VersionedTable table;
  private final Changes changes;
  private @Nullable Object id;
  private long expectedVersion = -1;
  private boolean currentRowOnConflict;

  UpdateRequest(Occ occ, VersionedTable table) {
    this.occ = occ;
    this.table = table;
    this.changes = new Changes(table);
  }

  /**
   * Sets a column to a value (bound as a parameter).
   *
   * @throws IllegalArgumentException if the column name is not a plain identifier or is the id,
   *     version or updated-at column
   */
  public UpdateRequest set(String column, @Nullable Object value) {
    changes.put(column, value, false);
    return this;
  }

  /**
   * Sets several columns.
   *
   * @throws IllegalArgumentException as {@link #set}
   */
  public UpdateRequest set(Map<String, ?> values) {
    changes.putAll(values, false);
    return this;
  }

  /** Names the row to update. */
  public UpdateRequest whereId(Object id) {
    this.id = java.util.Objects.requireNonNull(id, "id");
    return this;
  }

  /** Sets the version the caller read; the update happens only if the row still has it. */
  public UpdateRequest expectVersion(long version) {
    if (version < 0) {
      throw new IllegalArgumentException("expected version must be >= 0");
    }
    this.expectedVersion = version;
    return this;
  }

  /** Asks for the current row in a {@link VersionConflictException}, at no cost on success. */
  public UpdateRequest fetchCurrentOnConflict() {
    this.currentRowOnConflict = true;
    return this;
  }

  /**
   * Runs the update in its own transaction, retrying transient errors.
   *
   * @return the row's id, new version and updated-at
   * @throws VersionConflictException if the row has another version
   * @throws RowNotFoundException if the row does not exist
   * @throws TransientFailureException if transient errors outlast the retry policy
   */
  public RowVersion execute() {
    check();
    return occ.owned(table, Operation.UPDATE, this::run);
  }

  /**
   * Runs the update on the caller's handle and transaction, once.
   *
   * @return the row's id, new version and updated-at
   * @throws VersionConflictException if the row has another version
   * @throws RowNotFoundException if the row does not exist
   * @throws TransientFailureException on a transient error: re-run the whole transaction
   */
  public RowVersion execute(Handle handle) {
    check();
    return occ.joined(table, Operation.UPDATE, handle, this::run);
  }

  private RowVersion run(Handle h) {
    return occ.statements()
        .update(h, table, requireId(), expectedVersion, changes.columns(), changes.values(),
            currentRowOnConflict);
  }

  private Object requireId() {
    return java.util.Objects.requireNonNull(id);
  }

  private void check() {
    if (id == null) {
      throw new IllegalStateException("whereId(…) is required");
    }
    if (expectedVersion < 0) {
      throw new IllegalStateException("expectVersion(…) is required");
    }
    if (changes.isEmpty()) {
      throw new IllegalStateException("set(…) at least one column");
    }
  }
}
