package dev.occ.micrometer;

import static dev.occ.micrometer.OccObservationDocumentation.LowCardinalityKeyNames.OPERATION;
import static dev.occ.micrometer.OccObservationDocumentation.LowCardinalityKeyNames.OUTCOME;
import static dev.occ.micrometer.OccObservationDocumentation.LowCardinalityKeyNames.TABLE;

import dev.occ.Operation;
import dev.occ.Outcome;
import io.micrometer.common.KeyValues;

/**
 * The default names and keys of occ's observations: name {@value #NAME}; contextual (span) name
 * {@code occ <operation> <table>}, e.g. {@code occ update items}, or {@code occ transaction}; low
 * cardinality keys {@code table}, {@code operation} and, once the operation ended, {@code outcome}.
 */
public class DefaultOccObservationConvention implements OccObservationConvention {
  /** The observation's name; Micrometer's meter handler times it as {@code occ.operation}. */
  public static final String NAME = "occ.operation";

  /** A shared instance. */
  public static final DefaultOccObservationConvention INSTANCE =
      new DefaultOccObservationConvention();

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(OccObservationContext context) {
    if (context.getOperation() == Operation.TRANSACTION) {
      return "occ transaction";
    }
    return "occ " + context.getOperation().tag() + " " + context.getTable();
  }

  /**
   * Returns {@code table} and {@code operation}, and {@code outcome} once it is known: asked at the
   * start too, the convention leaves the outcome out rather than guess one.
   */
  @Override
  public KeyValues getLowCardinalityKeyValues(OccObservationContext context) {
    KeyValues keys =
        KeyValues.of(
            TABLE.withValue(context.getTable()), OPERATION.withValue(context.getOperation().tag()));
    Outcome outcome = context.getOutcome();
    return outcome == null ? keys : keys.and(OUTCOME.withValue(outcome.tag()));
  }
}
