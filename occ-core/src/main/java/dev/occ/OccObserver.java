package dev.occ;

import org.jspecify.annotations.Nullable;

/**
 * Wraps each operation of an {@link Occ} from its start to its end, retries included, so that a
 * tracer can make it a span that is current while the operation runs; {@code
 * dev.occ.micrometer.MicrometerOccObserver} does so with Micrometer's Observation API. Unlike an
 * {@link OccListener}, which hears about an operation after it ended, an observer is called before
 * it begins.
 *
 * <p>All calls for one operation happen on the caller's thread: {@link #start}, then any {@link
 * Observed#retrying}, then {@link Observed#stop} once. Operations nest (an update run inside {@link
 * Occ#inTransaction} starts and stops within the transaction's). A call that throws is logged and
 * ignored; it never changes the operation's outcome.
 */
@FunctionalInterface
public interface OccObserver {
  /** An observer that observes nothing; the default. */
  OccObserver NOOP = (table, operation) -> Observed.NOOP;

  /**
   * Called before an operation begins.
   *
   * @param table the table; {@code transaction} for {@link Occ#inTransaction}
   * @param operation what kind of operation it is
   * @return what hears the operation's retries and its end
   */
  Observed start(String table, Operation operation);

  /** One operation under observation. */
  @FunctionalInterface
  interface Observed {
    /** Hears nothing. */
    Observed NOOP = (outcome, failure) -> {};

    /**
     * Called before occ re-runs the operation's transaction after a transient error.
     *
     * @param table the table whose statement failed, or the operation's
     * @param reason why, as in {@link OccListener#retrying}
     * @param attempt the number of the attempt about to start (2 for the first retry)
     */
    default void retrying(String table, String reason, int attempt) {}

    /**
     * Called once, after the operation ended.
     *
     * @param outcome how it ended
     * @param failure what it threw, or {@code null} if it succeeded
     */
    void stop(Outcome outcome, @Nullable Throwable failure);
  }
}
