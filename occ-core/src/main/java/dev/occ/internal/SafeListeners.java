package dev.occ.internal;

import dev.occ.OccListener;
import dev.occ.Operation;
import dev.occ.Outcome;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls every listener in turn and never lets one break the write path: a listener that throws is
 * logged at WARN and skipped, the next one still hears the event, and the caller gets the
 * operation's real outcome — a committed write is never reported as failed because of a listener.
 */
public final class SafeListeners implements OccListener {
  private static final Logger LOG = LoggerFactory.getLogger(SafeListeners.class);

  private final List<OccListener> listeners;

  private SafeListeners(List<OccListener> listeners) {
    this.listeners = listeners;
  }

  /** Returns a listener that calls each of the given ones, guarded. */
  public static OccListener of(List<OccListener> listeners) {
    return listeners.isEmpty() ? OccListener.NOOP : new SafeListeners(List.copyOf(listeners));
  }

  @Override
  public void operationCompleted(String table, Operation operation, Outcome outcome, long nanos) {
    for (OccListener l : listeners) {
      try {
        l.operationCompleted(table, operation, outcome, nanos);
      } catch (RuntimeException e) {
        LOG.warn(
            "OccListener {} failed on operationCompleted({}, {}, {}); ignored",
            l,
            table,
            operation,
            outcome,
            e);
      }
    }
  }

  @Override
  public void retrying(String table, String reason, int attempt) {
    for (OccListener l : listeners) {
      try {
        l.retrying(table, reason, attempt);
      } catch (RuntimeException e) {
        LOG.warn(
            "OccListener {} failed on retrying({}, {}, {}); ignored", l, table, reason, attempt, e);
      }
    }
  }
}
