package dev.occ.micrometer;

import static java.util.Objects.requireNonNull;

import dev.occ.OccObserver;
import dev.occ.Operation;
import dev.occ.Outcome;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Makes each occ operation a Micrometer {@link Observation} — with a tracer, a span in the trace of
 * the request that caused it — and each retry an event on it.
 *
 * <p>The observation ({@link OccObservationDocumentation#OPERATION}) is started before the
 * operation begins and stopped after it ended, retries included, and is the current observation in
 * between, so observations made inside it (JDBC, nested occ operations) are its children. Name
 * {@code occ.operation}; low cardinality keys {@code table}, {@code operation} = {@code
 * update|insert|delete|batch_update|modify|transaction}, {@code outcome} = {@code
 * success|conflict|not_found|error|unknown}; contextual name {@code occ update items}. A retry is
 * the event {@code retry} with the contextual name {@code retry after <reason>, attempt <n>}. Only
 * {@code error} and {@code unknown} outcomes mark the observation as failed: a conflict or a
 * missing row is an answer, not a fault.
 *
 * <p>With Spring Boot's meter handler, the observation also yields an {@code occ.operation} timer,
 * an {@code occ.operation.active} long-task timer and an {@code occ.operation.retry} counter,
 * beside {@link MicrometerOccListener}'s {@code occ.update} and {@code occ.retries}.
 *
 * <p>Costs one check per operation when the registry is {@link ObservationRegistry#NOOP} or has no
 * handler.
 */
public final class MicrometerOccObserver implements OccObserver {
  private final ObservationRegistry registry;
  private final @Nullable OccObservationConvention convention;

  private MicrometerOccObserver(
      ObservationRegistry registry, @Nullable OccObservationConvention convention) {
    this.registry = registry;
    this.convention = convention;
  }

  /** Creates an observer that records into the registry with the default convention. */
  public static MicrometerOccObserver create(ObservationRegistry registry) {
    return new MicrometerOccObserver(requireNonNull(registry, "registry"), null);
  }

  /**
   * Creates an observer that records into the registry, named and tagged by the convention (by a
   * matching global convention of the registry, else the default one, when it is {@code null}).
   */
  public static MicrometerOccObserver create(
      ObservationRegistry registry, @Nullable OccObservationConvention convention) {
    return new MicrometerOccObserver(requireNonNull(registry, "registry"), convention);
  }

  @Override
  public Observed start(String table, Operation operation) {
    if (registry.isNoop()) {
      return Observed.NOOP;
    }
    OccObservationContext context = new OccObservationContext(table, operation);
    Observation observation =
        OccObservationDocumentation.OPERATION.observation(
            convention, DefaultOccObservationConvention.INSTANCE, () -> context, registry);
    if (observation.isNoop()) {
      return Observed.NOOP;
    }
    observation.start();
    return new Running(observation, observation.openScope(), context);
  }

  @Override
  public String toString() {
    return "MicrometerOccObserver[" + registry + "]";
  }

  /** A started observation, in scope on the operation's thread until it stops. */
  private static final class Running implements Observed {
    private final Observation observation;
    private final Observation.Scope scope;
    private final OccObservationContext context;

    Running(Observation observation, Observation.Scope scope, OccObservationContext context) {
      this.observation = observation;
      this.scope = scope;
      this.context = context;
    }

    @Override
    public void retrying(String table, String reason, int attempt) {
      context.retried();
      observation.event(
          OccObservationDocumentation.Events.RETRY.format(reason, Integer.toString(attempt)));
    }

    @Override
    public void stop(Outcome outcome, @Nullable Throwable failure) {
      context.setOutcome(outcome);
      if (failure != null && (outcome == Outcome.ERROR || outcome == Outcome.UNKNOWN)) {
        observation.error(failure);
      }
      scope.close();
      observation.stop();
    }
  }
}
