/**
 * Optimistic concurrency control on JDBI: versioned insert, update and delete that never lose a
 * write. Start with {@link dev.occ.Occ#create(org.jdbi.v3.core.Jdbi)} and a {@link
 * dev.occ.VersionedTable}.
 */
@NullMarked
package dev.occ;

import org.jspecify.annotations.NullMarked;
