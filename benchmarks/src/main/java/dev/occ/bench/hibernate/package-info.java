/** The Hibernate ORM contender: an entity with {@code @Version}, updated by load-and-flush. */
@NullMarked
package dev.occ.bench.hibernate;

import org.jspecify.annotations.NullMarked;
