/** Micrometer metrics for occ; needs {@code micrometer-core} on the class path. */
@NullMarked
package dev.occ.micrometer;

import org.jspecify.annotations.NullMarked;
