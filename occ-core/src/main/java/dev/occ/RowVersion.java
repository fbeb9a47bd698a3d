package dev.occ;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a successful write leaves behind: the row's id, its new version and its new {@code
 * updated_at} as set by the database clock (null when the table has no such column).
 *
 * @param id the row's id
 * @param version the version the row has now
 * @param updatedAt the row's updated-at value now, or null if the table has none
 */
public record RowVersion(Object id, long version, @Nullable Instant updatedAt) {}
