package dev.occ;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The row exists but its version is not the one the caller expected: someone else changed it first.
 * The caller should re-read the row and decide again; occ never retries this blindly.
 */
public final class VersionConflictException extends OccException {
  private static final long serialVersionUID = 1L;

  private final transient Object id;
  private final long expectedVersion;
  private final long actualVersion;
  private final transient @Nullable Object current;

  /**
   * Creates a conflict report.
   *
   * @param table the table
   * @param id the row's id
   * @param expectedVersion the version the caller sent
   * @param actualVersion the version read after the failed write, always different from expected
   * @param current the current row when the caller asked for it: a map of lower-case column names
   *     to values, or what the caller's row mapper made of it
   */
  public VersionConflictException(
      String table, Object id, long expectedVersion, long actualVersion, @Nullable Object current) {
    super(
        table,
        "Version conflict on "
            + table
            + " id "
            + id
            + ": expected version "
            + expectedVersion
            + ", current version "
            + actualVersion,
        null);
    this.id = id;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
    this.current = current;
  }

  /** Returns the id of the row in conflict. */
  public Object id() {
    return id;
  }

  /** Returns the version the caller expected. */
  public long expectedVersion() {
    return expectedVersion;
  }

  /** Returns the row's version as read after the competing commit. */
  public long actualVersion() {
    return actualVersion;
  }

  /**
   * Returns the current row (lower-case column names) if the operation asked for it with {@code
   * fetchCurrentOnConflict()}, else {@code null}.
   */
  @SuppressWarnings("unchecked") // fetchCurrentOnConflict() maps with occ's own map mapper
  public @Nullable Map<String, @Nullable Object> currentRow() {
    return current instanceof Map<?, ?> row ? (Map<String, @Nullable Object>) row : null;
  }

  /**
   * Returns the current row as the caller's mapper of {@code fetchCurrentOnConflict(mapper)} made
   * it.
   *
   * @throws IllegalStateException if the operation did not ask for the current row
   * @throws ClassCastException if the mapper made something else
   */
  public <T> T current(Class<T> type) {
    if (current == null) {
      throw new IllegalStateException("the current row was not asked for (fetchCurrentOnConflict)");
    }
    return type.cast(current);
  }
}
