package dev.occ.micrometer;

import static java.util.Objects.requireNonNull;

import dev.occ.Occ;
import dev.occ.OccListener;
import dev.occ.Operation;
import dev.occ.Outcome;
import dev.occ.spi.OccIntegration;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Records occ's operations and retries in Micrometer.
 *
 * <p>Meters:
 *
 * <ul>
 *   <li>{@code occ.update} — timer, one sample per versioned operation, retries included. Tags:
 *       {@code table}; {@code operation} = {@code update|insert|delete|batch_update|modify}; {@code
 *       outcome} = {@code success|conflict|not_found|error}. The conflict rate is {@code
 *       count(outcome=conflict) / count}. Percentile histograms are published so p95/p99 can be
 *       computed by the backend.
 *   <li>{@code occ.retries} — counter, one per transaction re-run after a transient error. Tags:
 *       {@code table} (of the operation whose transient error caused the retry; {@code transaction}
 *       when a failure inside {@link Occ#inTransaction} names no table); {@code reason} = {@code
 *       serialization_failure|deadlock|lock_timeout|sqlstate_XXXXX|vendor_N}.
 *   <li>{@code resilience4j.retry.calls} — resilience4j's own counters for the retry named {@code
 *       occ}, when bound with {@link #bindRetryMetrics(Occ, MeterRegistry)}.
 * </ul>
 */
public final class MicrometerOccListener implements OccListener {
  /** Name of the operation timer. */
  public static final String UPDATE_TIMER = "occ.update";

  /** Name of the retry counter. */
  public static final String RETRIES_COUNTER = "occ.retries";

  private final MeterRegistry registry;

  /**
   * One timer per table, operation and outcome, built once: this runs on every write, and building
   * a meter id and looking it up in the registry each time showed in the app's profile.
   */
  private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

  private MicrometerOccListener(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Creates a listener that records into the registry. */
  public static MicrometerOccListener create(MeterRegistry registry) {
    return new MicrometerOccListener(requireNonNull(registry, "registry"));
  }

  /** Binds resilience4j's retry metrics for the Occ's retry to the registry. */
  public static void bindRetryMetrics(Occ occ, MeterRegistry registry) {
    // The binder reads retries from a registry; hold occ's own instance in a private one.
    Retry retry = OccIntegration.of(occ).retry();
    RetryRegistry retries = RetryRegistry.ofDefaults();
    retries.retry(retry.getName());
    retries.replace(retry.getName(), retry);
    TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(registry);
  }

  @Override
  public void operationCompleted(String table, Operation operation, Outcome outcome, long nanos) {
    timers
        .computeIfAbsent(new TimerKey(table, operation, outcome), this::timer)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer timer(TimerKey key) {
    return Timer.builder(UPDATE_TIMER)
        .description("Versioned writes by table, operation and outcome")
        .tag("table", key.table())
        .tag("operation", key.operation().tag())
        .tag("outcome", key.outcome().tag())
        .publishPercentileHistogram()
        .register(registry);
  }

  @Override
  public void retrying(String table, String reason, int attempt) {
    Counter.builder(RETRIES_COUNTER)
        .description("Transactions re-run after a transient database error")
        .tag("table", table)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  private record TimerKey(String table, Operation operation, Outcome outcome) {}
}
