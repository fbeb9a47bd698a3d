package dev.occ.spring.boot.web;

import dev.occ.VersionConflictException;
import org.jspecify.annotations.Nullable;

/**
 * Decides what a conflict answer of {@link OccExceptionHandler} shows of the row as it is now, in
 * its {@code current} member. The row occ reads on a conflict ({@code fetchCurrentOnConflict()})
 * has every column of the table, some of which a client may not be meant to see; so by default the
 * answer carries versions only, and an application either sets {@code
 * occ.web.include-current-row=true} or provides a bean of this type that picks what to show.
 */
@FunctionalInterface
public interface OccConflictBody {
  /** Shows versions only: no {@code current} member. The default. */
  OccConflictBody VERSIONS_ONLY = conflict -> null;

  /** Shows the row as occ read it, every column, when the update asked for it. */
  OccConflictBody CURRENT_ROW = VersionConflictException::currentRow;

  /**
   * Returns what the answer to this conflict shows as {@code current}, written as JSON by the
   * application's message converters, or null to leave the member out.
   *
   * @param conflict the conflict, with the current row if the update asked for it
   */
  @Nullable Object current(VersionConflictException conflict);
}
