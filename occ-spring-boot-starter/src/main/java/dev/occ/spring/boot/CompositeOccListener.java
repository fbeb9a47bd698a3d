package dev.occ.spring.boot;

import dev.occ.OccListener;
import dev.occ.Operation;
import dev.occ.Outcome;
import java.util.List;

/** Passes occ's events to every {@link OccListener} bean, in order. */
final class CompositeOccListener implements OccListener {
  private final List<OccListener> listeners;

  private CompositeOccListener(List<OccListener> listeners) {
    this.listeners = listeners;
  }

  static OccListener of(List<OccListener> listeners) {
    return switch (listeners.size()) {
      case 0 -> OccListener.NOOP;
      case 1 -> listeners.get(0);
      default -> new CompositeOccListener(List.copyOf(listeners));
    };
  }

  @Override
  public void operationCompleted(String table, Operation operation, Outcome outcome, long nanos) {
    for (OccListener l : listeners) {
      l.operationCompleted(table, operation, outcome, nanos);
    }
  }

  @Override
  public void retrying(String table, String reason, int attempt) {
    for (OccListener l : listeners) {
      l.retrying(table, reason, attempt);
    }
  }
}
