package dev.occ.example.shop.web;

import dev.occ.RowNotFoundException;
import dev.occ.VersionConflictException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Times each move, retries included, as {@code shop.moves} with tag {@code outcome} = {@code
 * moved|conflict|not_found|transient_failure|database_unavailable|outcome_unknown|error} (the last
 * for bugs only: database faults have their own). The conflict rate is {@code
 * count(outcome=conflict) / count}; latency percentiles come from the distribution settings in
 * application.yml. Requests rejected as invalid never reach a move and are not counted here (see
 * {@code http.server.requests} with status 4xx).
 */
@Component
public class MoveMetrics {
  /** Name of the move timer. */
  public static final String MOVES = "shop.moves";

  private final MeterRegistry registry;

  /** Creates the meters' owner on the application's registry. */
  public MoveMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Runs the move and records its duration under its outcome. */
  public <T> T time(Supplier<T> move) {
    Timer.Sample sample = Timer.start(registry);
    String outcome = "error";
    try {
      T result = move.get();
      outcome = "moved";
      return result;
    } catch (VersionConflictException e) {
      outcome = "conflict";
      throw e;
    } catch (RowNotFoundException e) {
      outcome = "not_found";
      throw e;
    } catch (RuntimeException e) {
      DatabaseFault fault = DatabaseFaults.classify(e);
      if (fault != null) {
        outcome = fault.code().toLowerCase(Locale.ROOT);
      }
      throw e;
    } finally {
      sample.stop(
          Timer.builder(MOVES)
              .description("Card moves by outcome, transient retries included")
              .tag("outcome", outcome)
              .register(registry));
    }
  }
}
