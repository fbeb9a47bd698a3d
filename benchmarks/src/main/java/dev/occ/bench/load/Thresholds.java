package dev.occ.bench.load;

/**
 * The pass/fail limits of a run. The card's (error rate under 1%, conflict rate under 10% in spread
 * mode, p95 under 400 ms) and ours (p95 under 20 ms in spread mode at up to 64 users; zero lost
 * moves in every mode, which is not configurable).
 *
 * @param maxErrorRate highest share of requests that may end in a 5xx or a transport error
 * @param maxConflictRate highest share of move requests that may get a 409, in spread mode
 * @param maxP95Millis the card's latency limit, any mode; 0 turns it off
 * @param targetP95Millis our latency target, spread mode at up to {@link #TARGET_USERS} users; 0
 *     turns it off
 */
public record Thresholds(
    double maxErrorRate, double maxConflictRate, double maxP95Millis, double targetP95Millis) {
  /** The user count our p95 target is stated for; with more users it is reported, not applied. */
  public static final int TARGET_USERS = 64;

  /** The card's limits and ours. */
  public static final Thresholds DEFAULT = new Thresholds(0.01, 0.10, 400, 20);

  /** Checks that every limit is a sensible number. */
  public Thresholds {
    if (!(maxErrorRate >= 0 && maxErrorRate <= 1 && maxConflictRate >= 0 && maxConflictRate <= 1)) {
      throw new IllegalArgumentException("rates are between 0 and 1");
    }
    if (!(maxP95Millis >= 0 && targetP95Millis >= 0)) {
      throw new IllegalArgumentException("latency limits are >= 0");
    }
  }
}
