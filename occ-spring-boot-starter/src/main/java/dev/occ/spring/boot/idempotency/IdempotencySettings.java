package dev.occ.spring.boot.idempotency;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How idempotency keys are kept: the table, how long a key lives, how long a request waits for a
 * key that another request holds, and how expired keys are cleaned up. Checked when created.
 *
 * @param table the table, optionally schema-qualified ({@code schema.table})
 * @param ttl how long a key is kept after its first request; an expired key counts as unused
 * @param lockTimeout how long a request waits for a key another request holds before 409
 * @param cleanupInterval time between runs of the cleanup of expired keys; zero turns it off
 * @param cleanupBatchSize rows the cleanup deletes per statement (and transaction)
 */
public record IdempotencySettings(
    String table,
    Duration ttl,
    Duration lockTimeout,
    Duration cleanupInterval,
    int cleanupBatchSize) {

  // Initialised before DEFAULTS, whose constructor reads it.
  /** A plain or schema-qualified SQL name: it is written into statements, so nothing else. */
  private static final Pattern TABLE_NAME =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

  /** The default table, whose DDL ships with the starter. */
  public static final String DEFAULT_TABLE = "occ_idempotency_keys";

  /** The default lifetime of a key: 24 hours, as the Idempotency-Key draft suggests. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(24);

  /** The default wait for a key held by a request still in flight. */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(1);

  /** The default time between cleanups. */
  public static final Duration DEFAULT_CLEANUP_INTERVAL = Duration.ofHours(1);

  /** The default number of rows one cleanup statement deletes. */
  public static final int DEFAULT_CLEANUP_BATCH_SIZE = 1000;

  /** The settings with every default. */
  public static final IdempotencySettings DEFAULTS =
      new IdempotencySettings(
          DEFAULT_TABLE,
          DEFAULT_TTL,
          DEFAULT_LOCK_TIMEOUT,
          DEFAULT_CLEANUP_INTERVAL,
          DEFAULT_CLEANUP_BATCH_SIZE);

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException if the table is not a plain SQL name, a duration is negative,
   *     the lifetime or lock timeout is not positive, or the batch size is below 1
   */
  public IdempotencySettings {
    requireNonNull(table, "table");
    requireNonNull(ttl, "ttl");
    requireNonNull(lockTimeout, "lockTimeout");
    requireNonNull(cleanupInterval, "cleanupInterval");
    if (!TABLE_NAME.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "table must be a plain SQL name such as occ_idempotency_keys or schema.table, not "
              + table);
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, not " + ttl);
    }
    if (lockTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("lockTimeout must be at least 1ms, not " + lockTimeout);
    }
    if (cleanupInterval.isNegative()) {
      throw new IllegalArgumentException(
          "cleanupInterval must not be negative (zero turns the cleanup off)");
    }
    if (cleanupBatchSize < 1) {
      throw new IllegalArgumentException(
          "cleanupBatchSize must be at least 1, not " + cleanupBatchSize);
    }
  }
}
