/**
 * The shop's board API written the way most Spring teams would write it: Spring Data JPA, an entity
 * with {@code @Version}, load-compare-save in a {@code @Transactional} service. A peer of the
 * example app for the load test to compare against, on the same database; never deployed.
 *
 * <p>It does the example app's work per request: Spring Security signs the user in with HTTP Basic
 * against the {@code users} table (bcrypt, verified credentials remembered for 60 s as in the
 * example app), {@code VIEWER} reads and {@code ADVISOR} also moves, and the board, a move and a
 * history see only the user's shop ({@code shop_id}), a move recording {@code moved_by}. It reads
 * the accounts and cards the example app's demo data made and creates none. What it leaves out: the
 * example app additionally pays, per transaction, for PostgreSQL's row-level security ({@code
 * SELECT set_config('shop.id', …, true)} sent with BEGIN, and the policies' check on each row), for
 * its throttle on failed sign-ins (two cache lookups per sign-in), and for its board's ETag;
 * idempotency keys only when a client sends one (the load test does not). The peer connects as a
 * role the policies do not bind and filters by {@code shop_id} in its queries alone.
 */
@NullMarked
package dev.occ.bench.jpa;

import org.jspecify.annotations.NullMarked;
