package dev.occ.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of an occ operation; implement it (or extend {@link
 * DefaultOccObservationConvention}) to change them, and hand it to {@link
 * MicrometerOccObserver#create(io.micrometer.observation.ObservationRegistry,
 * OccObservationConvention)}.
 */
public interface OccObservationConvention extends ObservationConvention<OccObservationContext> {
  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof OccObservationContext;
  }
}
