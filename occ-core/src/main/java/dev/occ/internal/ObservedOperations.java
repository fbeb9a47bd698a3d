package dev.occ.internal;

import dev.occ.OccListener;
import dev.occ.OccObserver;
import dev.occ.Operation;
import dev.occ.Outcome;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls an {@link OccObserver} around operations, guarded like {@link SafeListeners}, and hands
 * each retry to the operation being retried: the innermost one still running on the thread, since
 * an operation nested in an {@code inTransaction} callback has ended before the transaction is
 * re-run. As a listener, it receives the retries occ reports.
 */
public final class ObservedOperations implements OccListener {
  private static final Logger LOG = LoggerFactory.getLogger(ObservedOperations.class);

  /** Observes nothing and costs a call: what an {@code Occ} without an observer uses. */
  public static final ObservedOperations NONE = new ObservedOperations(OccObserver.NOOP);

  private final OccObserver observer;
  private final ThreadLocal<@Nullable Frame> current = new ThreadLocal<>();

  private ObservedOperations(OccObserver observer) {
    this.observer = observer;
  }

  /** Returns the guard around the observer; {@link #NONE} for {@link OccObserver#NOOP}. */
  public static ObservedOperations of(OccObserver observer) {
    return observer == OccObserver.NOOP ? NONE : new ObservedOperations(observer);
  }

  /** Returns whether there is an observer to call at all. */
  public boolean active() {
    return this != NONE;
  }

  /** Tells the observer an operation starts, and makes it the thread's innermost one. */
  public Frame start(String table, Operation operation) {
    if (this == NONE) {
      return Frame.NONE;
    }
    OccObserver.Observed observed;
    try {
      observed = observer.start(table, operation);
    } catch (RuntimeException e) {
      LOG.warn("OccObserver {} failed on start({}, {}); ignored", observer, table, operation, e);
      observed = OccObserver.Observed.NOOP;
    }
    Frame frame = new Frame(observed, current.get());
    current.set(frame);
    return frame;
  }

  /** Tells the observer the operation of the frame ended, and makes the enclosing one innermost. */
  public void stop(Frame frame, Outcome outcome, @Nullable Throwable failure) {
    if (frame == Frame.NONE) {
      return;
    }
    if (frame.previous == null) {
      current.remove();
    } else {
      current.set(frame.previous);
    }
    try {
      frame.observed.stop(outcome, failure);
    } catch (RuntimeException e) {
      LOG.warn("OccObserver {} failed on stop({}); ignored", observer, outcome, e);
    }
  }

  @Override
  public void retrying(String table, String reason, int attempt) {
    Frame frame = current.get();
    if (frame == null) {
      return; // a retry boundary outside any operation, e.g. around a framework's transaction
    }
    try {
      frame.observed.retrying(table, reason, attempt);
    } catch (RuntimeException e) {
      LOG.warn(
          "OccObserver {} failed on retrying({}, {}, {}); ignored",
          observer,
          table,
          reason,
          attempt,
          e);
    }
  }

  @Override
  public String toString() {
    return "ObservedOperations[" + observer + "]";
  }

  /** One running operation and the one it runs in, if any. */
  public static final class Frame {
    static final Frame NONE = new Frame(OccObserver.Observed.NOOP, null);

    private final OccObserver.Observed observed;
    private final @Nullable Frame previous;

    private Frame(OccObserver.Observed observed, @Nullable Frame previous) {
      this.observed = observed;
      this.previous = previous;
    }
  }
}
