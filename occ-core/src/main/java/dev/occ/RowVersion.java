package dev.occ;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a successful write leaves behind: the row's id, its new version, its new {@code updated_at}
 * as set by the database clock (null when the table has no such column), and the values that the
 * columns named in {@code returningPrevious(…)} had before the write.
 *
 * @param id the row's id
 * @param version the version the row has now
 * @param updatedAt the row's updated-at value now, or null if the table has none
 * @param previous previous values by the column names the caller gave; empty if none were asked for
 */
public record RowVersion(
    Object id, long version, @Nullable Instant updatedAt, Map<String, @Nullable Object> previous) {

  /** Checks the parts; the previous values are copied and unmodifiable. */
  public RowVersion {
    previous =
        previous.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(previous));
  }

  /** A write's result without previous values. */
  public RowVersion(Object id, long version, @Nullable Instant updatedAt) {
    this(id, version, updatedAt, Map.of());
  }

  /**
   * Returns the value the column had before the write.
   *
   * @throws IllegalArgumentException if the column was not named in {@code returningPrevious(…)}
   */
  public @Nullable Object previous(String column) {
    if (!previous.containsKey(column)) {
      throw new IllegalArgumentException("previous value of " + column + " was not asked for");
    }
    return previous.get(column);
  }
}
