package dev.occ.bench.load;

import java.time.Instant;

/**
 * One round of load against one target.
 *
 * @param target the target's name
 * @param startedAt when the round began (its warmup included)
 * @param seconds how long its measured part lasted
 * @param tally what its users counted
 */
record Round(String target, Instant startedAt, double seconds, Tally tally) {
  /** Requests per second in the measured part. */
  double requestsPerSecond() {
    return tally.requests() / seconds;
  }

  /** Acknowledged moves per second in the measured part. */
  double movesPerSecond() {
    return tally.acknowledged / seconds;
  }
}
