package dev.occ.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Remembers occ's observations in the order they stopped, with the events each one heard: what the
 * test registry's assertions do not count.
 */
final class ObservationRecorder implements ObservationHandler<OccObservationContext> {
  private final List<OccObservationContext> stopped = new CopyOnWriteArrayList<>();
  private final Map<OccObservationContext, List<String>> events =
      Collections.synchronizedMap(new IdentityHashMap<>());

  @Override
  public boolean supportsContext(Observation.Context context) {
    return context instanceof OccObservationContext;
  }

  @Override
  public void onEvent(Observation.Event event, OccObservationContext context) {
    events
        .computeIfAbsent(context, c -> new CopyOnWriteArrayList<>())
        .add(event.getContextualName());
  }

  @Override
  public void onStop(OccObservationContext context) {
    stopped.add(context);
  }

  /** Returns the observations stopped so far, in order. */
  List<OccObservationContext> stopped() {
    return List.copyOf(stopped);
  }

  /** Returns the contextual names of the events the observation heard, in order. */
  List<String> events(OccObservationContext context) {
    return new ArrayList<>(events.getOrDefault(context, List.of()));
  }
}
