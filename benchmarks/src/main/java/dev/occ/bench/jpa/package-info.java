/**
 * The shop's board API written the way most Spring teams would write it: Spring Data JPA, an entity
 * with {@code @Version}, load-compare-save in a {@code @Transactional} service. A peer of the
 * example app for the load test to compare against, on the same database; never deployed.
 */
@NullMarked
package dev.occ.bench.jpa;

import org.jspecify.annotations.NullMarked;
