package dev.occ.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One virtual user's counts and latencies (microseconds); merged into one after the run, so users
 * never contend on shared counters while measuring. Only iterations that start after the warmup are
 * counted, but every acknowledgement is kept for the audit.
 */
final class Tally {
  /** Latencies above an hour are clamped: a request is timed out long before that. */
  static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

  private static final int MAX_SAMPLES = 10;

  final Histogram board = histogram();
  final Histogram move = histogram();
  final Histogram iteration = histogram();

  long iterations;
  long boardRequests;
  long moveRequests;
  long firstMoves;
  long firstConflicts;
  long retries;
  long recovered;
  long retryConflicts;
  long conflicts;
  long acknowledged;
  long serverErrors;
  long transportErrors;
  long authErrors;
  long unexpected;
  long noCard;

  /**
   * Open model: measured iterations that started before the window ended; fewer than the schedule
   * offered when every user was still busy.
   */
  long startedInWindow;

  final List<Ack> acks = new ArrayList<>();
  final List<String> samples = new ArrayList<>();

  static Histogram histogram() {
    return new Histogram(HIGHEST_MICROS, 3);
  }

  static void record(Histogram h, long nanos) {
    h.recordValue(Math.max(0, Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(nanos))));
  }

  /** Notes what went wrong, keeping the first few for the report. */
  void sample(String what) {
    if (samples.size() < MAX_SAMPLES) {
      samples.add(what);
    }
  }

  /** Adds another user's tally to this one. */
  void add(Tally o) {
    board.add(o.board);
    move.add(o.move);
    iteration.add(o.iteration);
    iterations += o.iterations;
    boardRequests += o.boardRequests;
    moveRequests += o.moveRequests;
    firstMoves += o.firstMoves;
    firstConflicts += o.firstConflicts;
    retries += o.retries;
    recovered += o.recovered;
    retryConflicts += o.retryConflicts;
    conflicts += o.conflicts;
    acknowledged += o.acknowledged;
    serverErrors += o.serverErrors;
    transportErrors += o.transportErrors;
    authErrors += o.authErrors;
    unexpected += o.unexpected;
    noCard += o.noCard;
    startedInWindow += o.startedInWindow;
    acks.addAll(o.acks);
    for (String s : o.samples) {
      sample(s);
    }
  }

  long requests() {
    return boardRequests + moveRequests;
  }

  long errors() {
    return serverErrors + transportErrors + authErrors;
  }
}
