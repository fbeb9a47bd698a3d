package dev.occ;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one row of a batch update: each row succeeds or fails on its own.
 *
 * @param id the row's id
 * @param status what happened to the row
 * @param expectedVersion the version the caller sent for the row
 * @param version the row's version now: the new version when updated, the actual version on a
 *     conflict, and -1 when not found
 * @param updatedAt the row's updated-at value now, when known
 */
public record BatchOutcome(
    Object id, Status status, long expectedVersion, long version, @Nullable Instant updatedAt) {

  /** What happened to one row of a batch. */
  public enum Status {
    /** The row had the expected version and was updated. */
    UPDATED,
    /** The row exists with a different version; it was not changed. */
    CONFLICT,
    /** No row with the id exists; nothing was changed. */
    NOT_FOUND
  }

  /** Returns whether the row was updated. */
  public boolean updated() {
    return status == Status.UPDATED;
  }
}
