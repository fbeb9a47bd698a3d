package dev.occ;

/**
 * Hears what occ does, for metrics or logs; every method has a no-op default so an implementation
 * overrides only what it needs. Calls happen on the caller's thread and must be fast.
 */
public interface OccListener {
  /** A listener that does nothing. */
  OccListener NOOP = new OccListener() {};

  /**
   * Called once per versioned operation, after it ended.
   *
   * @param table the table name
   * @param operation what kind of operation it was
   * @param outcome how it ended
   * @param nanos how long it took, retries included
   */
  default void operationCompleted(String table, Operation operation, Outcome outcome, long nanos) {}

  /**
   * Called before occ re-runs a transaction after a transient error.
   *
   * @param table the table of the operation that is retried
   * @param reason why: {@code serialization_failure}, {@code deadlock}, {@code lock_timeout}, or
   *     {@code sqlstate_XXXXX} / {@code vendor_N} for configured extra codes
   * @param attempt the number of the attempt about to start (2 for the first retry)
   */
  default void retrying(String table, String reason, int attempt) {}
}
