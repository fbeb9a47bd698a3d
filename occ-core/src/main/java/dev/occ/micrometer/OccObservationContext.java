package dev.occ.micrometer;

import dev.occ.Operation;
import dev.occ.Outcome;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/** What an {@link OccObservationConvention} knows of one occ operation. */
public final class OccObservationContext extends Observation.Context {
  private final String table;
  private final Operation operation;
  private @Nullable Outcome outcome;
  private int retries;

  /** Creates the context of an operation on the table ({@code transaction} for inTransaction). */
  public OccObservationContext(String table, Operation operation) {
    this.table = table;
    this.operation = operation;
  }

  /** Returns the table ({@code transaction} for {@link dev.occ.Occ#inTransaction}). */
  public String getTable() {
    return table;
  }

  /** Returns the kind of operation. */
  public Operation getOperation() {
    return operation;
  }

  /** Returns how the operation ended, or {@code null} while it runs. */
  public @Nullable Outcome getOutcome() {
    return outcome;
  }

  /** Returns how many times the operation's transaction was re-run after a transient error. */
  public int getRetries() {
    return retries;
  }

  void setOutcome(Outcome outcome) {
    this.outcome = outcome;
  }

  void retried() {
    retries++;
  }
}
