/** The Spring Data JDBC contender: an aggregate with {@code @Version}, updated by load-and-save. */
@NullMarked
package dev.occ.bench.springdata;

import org.jspecify.annotations.NullMarked;
