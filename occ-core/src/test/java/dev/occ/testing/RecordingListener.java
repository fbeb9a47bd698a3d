package dev.occ.testing;

import dev.occ.OccListener;
import dev.occ.Operation;
import dev.occ.Outcome;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link OccListener} that remembers every call, from any thread, for assertions. */
public final class RecordingListener implements OccListener {
  /** One {@link OccListener#retrying} call. */
  public record Retry(String table, String reason, int attempt) {}

  /** One {@link OccListener#operationCompleted} call, without its duration. */
  public record Completed(String table, Operation operation, Outcome outcome) {}

  private final List<Retry> retries = new CopyOnWriteArrayList<>();
  private final List<Completed> completed = new CopyOnWriteArrayList<>();

  @Override
  public void retrying(String table, String reason, int attempt) {
    retries.add(new Retry(table, reason, attempt));
  }

  @Override
  public void operationCompleted(String table, Operation operation, Outcome outcome, long nanos) {
    completed.add(new Completed(table, operation, outcome));
  }

  /** Returns the retries heard so far, in order. */
  public List<Retry> retries() {
    return List.copyOf(retries);
  }

  /** Forgets everything heard so far. */
  public void clear() {
    retries.clear();
    completed.clear();
  }

  /** Returns the completed operations heard so far, in order. */
  public List<Completed> completed() {
    return List.copyOf(completed);
  }
}
