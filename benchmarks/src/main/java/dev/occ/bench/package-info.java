/**
 * JMH benchmarks of occ's versioned update against raw JDBC, hand-written JDBI, Hibernate and
 * Spring Data JDBC, all on one PostgreSQL table and one connection pool size.
 */
@NullMarked
package dev.occ.bench;

import org.jspecify.annotations.NullMarked;
