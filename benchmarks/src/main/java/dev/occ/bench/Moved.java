package dev.occ.bench;

import java.time.Instant;

/**
 * What every contender hands back after a move: the row's new version and updated-at. All of them
 * read both, so none is faster for skipping work the others do.
 *
 * @param version the row's version after the write
 * @param updatedAt the row's updated-at after the write
 */
public record Moved(long version, Instant updatedAt) {}
