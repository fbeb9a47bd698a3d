package dev.occ.test;

import dev.occ.OccListener;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * An {@link OccListener} that counts occ's retries, by reason: register it with {@code
 * Occ.builder(jdbi).listener(counter)} and hand {@code counter::count} to {@link
 * LostUpdateProbe.Builder#retries}, or assert on it after a fault fired. Thread-safe.
 */
public final class OccRetryCounter implements OccListener {
  private final LongAdder total = new LongAdder();
  private final Map<String, LongAdder> byReason = new ConcurrentHashMap<>();

  private OccRetryCounter() {}

  /** Creates a counter at zero. */
  public static OccRetryCounter create() {
    return new OccRetryCounter();
  }

  @Override
  public void retrying(String table, String reason, int attempt) {
    total.increment();
    byReason.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }

  /** Returns how many retries occ started. */
  public long count() {
    return total.sum();
  }

  /**
   * Returns how many retries occ started for the reason: {@code serialization_failure}, {@code
   * deadlock}, {@code lock_timeout}, {@code connection_lost}, {@code certification_failure}, …
   */
  public long count(String reason) {
    LongAdder n = byReason.get(reason);
    return n == null ? 0 : n.sum();
  }

  /** Returns the retries so far by reason, sorted by reason. */
  public Map<String, Long> byReason() {
    Map<String, Long> copy = new TreeMap<>();
    byReason.forEach((reason, n) -> copy.put(reason, n.sum()));
    return copy;
  }

  /** Sets every count back to zero. */
  public void reset() {
    total.reset();
    byReason.clear();
  }

  @Override
  public String toString() {
    return "OccRetryCounter" + byReason();
  }
}
