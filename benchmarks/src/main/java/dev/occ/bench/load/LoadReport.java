package dev.occ.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * The numbers of one run, the thresholds held against them, and their JSON form.
 *
 * <p>Latency and coordinated omission: in the open model every iteration has a scheduled start, and
 * the board request (the first of an iteration) is timed from it, so a stalled app is charged for
 * the requests that queued behind the stall. In the closed model a user cannot send while it waits,
 * so a stall hides the requests it would have sent; those are restored with HdrHistogram's {@code
 * copyCorrectedForCoordinatedOmission}, the expected interval being the user's normal cadence:
 * think time + the median iteration time. Thresholds use the corrected numbers; the uncorrected
 * ones are reported beside them.
 */
public final class LoadReport {
  private final LoadOptions options;
  private final Target target;
  private final Tally tally;
  private final MoveAudit.Result audit;
  private final double seconds;
  private final Instant startedAt;
  private final long expectedIntervalMicros;
  private final Histogram board;
  private final Histogram move;
  private final Histogram all;
  private final Histogram allUncorrected;
  private final Histogram counted;
  private final List<Check> checks;

  /**
   * One threshold held against the run.
   *
   * @param name a short key
   * @param rule the rule, for people
   * @param actual the measured value (null when there was nothing to measure)
   * @param applied whether it counts for this run's mode and size
   * @param passed whether it held (true when not applied)
   */
  public record Check(
      String name, String rule, @Nullable Double actual, boolean applied, boolean passed) {}

  private LoadReport(
      LoadOptions options,
      Target target,
      Tally tally,
      MoveAudit.Result audit,
      double seconds,
      Instant startedAt) {
    this.options = options;
    this.target = target;
    this.tally = tally;
    this.audit = audit;
    this.seconds = seconds;
    this.startedAt = startedAt;
    boolean closed = options.model() == LoadOptions.Model.CLOSED;
    long median =
        tally.iteration.getTotalCount() == 0 ? 0 : tally.iteration.getValueAtPercentile(50);
    this.expectedIntervalMicros = closed ? options.think().toNanos() / 1000 + median : 0;
    this.board = corrected(tally.board);
    this.move = corrected(tally.move);
    this.all = board.copy();
    all.add(move);
    this.allUncorrected = tally.board.copy();
    allUncorrected.add(tally.move);
    this.counted = options.mix() == LoadOptions.Mix.MOVES ? move : all;
    this.checks = evaluate();
  }

  /** Summarises a finished run of the first (or only) target. */
  static LoadReport of(
      LoadOptions options, Tally tally, MoveAudit.Result audit, double seconds, Instant startedAt) {
    return of(options, options.targets().get(0), tally, audit, seconds, startedAt);
  }

  /**
   * Summarises one target's rounds of a run.
   *
   * @param seconds measured seconds of all its rounds together
   */
  static LoadReport of(
      LoadOptions options,
      Target target,
      Tally tally,
      MoveAudit.Result audit,
      double seconds,
      Instant startedAt) {
    return new LoadReport(options, target, tally, audit, seconds, startedAt);
  }

  private Histogram corrected(Histogram h) {
    return expectedIntervalMicros > 0
        ? h.copyCorrectedForCoordinatedOmission(expectedIntervalMicros)
        : h.copy();
  }

  /** Whether every applied threshold held. */
  public boolean passed() {
    return checks.stream().allMatch(Check::passed);
  }

  /** The thresholds and how the run fared against each. */
  public List<Check> checks() {
    return checks;
  }

  /** Returns the audit's findings. */
  public MoveAudit.Result audit() {
    return audit;
  }

  LoadOptions options() {
    return options;
  }

  /** The app these numbers are of. */
  public Target target() {
    return target;
  }

  /**
   * Writes each latency series in HdrHistogram's own percentile distribution format ({@code .hgrm},
   * milliseconds), which HdrHistogram's plotter reads, as {@code <prefix>-<series>.hgrm}.
   *
   * @return the files written
   * @throws IOException if one cannot be written
   */
  List<Path> writeHgrm(Path dir, String prefix) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Map.Entry<String, Histogram> e : series().entrySet()) {
      Path file =
          dir.resolve(prefix + "-" + e.getKey().replace(", ", "-").replace(' ', '-') + ".hgrm");
      try (PrintStream ps =
          new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
        e.getValue().outputPercentileDistribution(ps, 1000.0);
      }
      files.add(file);
    }
    return files;
  }

  /** Latency series for the chart, name to histogram (microseconds), as reported. */
  Map<String, Histogram> series() {
    Map<String, Histogram> s = new LinkedHashMap<>();
    s.put("all requests", all);
    s.put("move", move);
    s.put("board", board);
    if (expectedIntervalMicros > 0) {
      s.put("all requests, uncorrected", allUncorrected);
    }
    return s;
  }

  /** Share of requests that ended in a 5xx, a 401/403 or no response; NaN without requests. */
  public double errorRate() {
    return ratio(tally.errors(), tally.requests());
  }

  /** Share of move requests answered 409; NaN without moves. */
  public double conflictRate() {
    return ratio(tally.conflicts, tally.moveRequests);
  }

  /** Share of first-attempt conflicts that the one re-synced retry turned into a move. */
  public double recoveryRate() {
    return ratio(tally.recovered, tally.firstConflicts);
  }

  /**
   * The 95th percentile of the latency that counts, in milliseconds, as reported: all requests, or
   * the moves alone in the moves-only mix.
   */
  public double p95Millis() {
    return millis(95);
  }

  /** A percentile of the latency that counts, in milliseconds; NaN without requests. */
  public double millis(double percentile) {
    return counted.getTotalCount() == 0
        ? Double.NaN
        : counted.getValueAtPercentile(percentile) / 1000.0;
  }

  private String countedName() {
    return counted == move ? "moves" : "all requests";
  }

  private List<Check> evaluate() {
    Thresholds t = options.thresholds();
    boolean spread = options.mode() == LoadOptions.Mode.SPREAD;
    // A stepping run overloads each target on purpose; its steps are judged one by one instead.
    boolean held = !options.stepping();
    List<Check> list = new ArrayList<>();
    list.add(
        below(
            "error_rate",
            "5xx, 401/403 and transport errors < " + pct(t.maxErrorRate()) + " of requests (card)",
            errorRate(),
            t.maxErrorRate(),
            held));
    list.add(
        below(
            "conflict_rate",
            "409 < " + pct(t.maxConflictRate()) + " of moves, spread mode" + " (card)",
            conflictRate(),
            t.maxConflictRate(),
            held && spread));
    list.add(
        below(
            "p95_card",
            "p95 of " + countedName() + " < " + t.maxP95Millis() + " ms (card)",
            p95Millis(),
            t.maxP95Millis(),
            held && t.maxP95Millis() > 0));
    list.add(
        below(
            "p95_target",
            "p95 of "
                + countedName()
                + " < "
                + t.targetP95Millis()
                + " ms, spread mode, <= "
                + Thresholds.TARGET_USERS
                + " users (ours)",
            p95Millis(),
            t.targetP95Millis(),
            held
                && t.targetP95Millis() > 0
                && spread
                && options.users() <= Thresholds.TARGET_USERS));
    list.add(
        zero(
            "lost_moves",
            "acknowledged moves missing, duplicated or overwritten = 0",
            audit.lostMoves()));
    list.add(
        zero(
            "chain_breaks",
            "skips, forks and gaps in the version chains = 0",
            audit.chainBreaks()));
    list.add(
        zero(
            "unreadable_histories", "histories that could not be audited = 0", audit.unreadable()));
    list.add(zero("unexpected_responses", "responses outside the contract = 0", tally.unexpected));
    long acked = audit.acknowledged();
    list.add(
        new Check(
            "acknowledged_moves",
            "at least one move acknowledged and audited",
            (double) acked,
            true,
            acked > 0));
    return List.copyOf(list);
  }

  private static Check below(
      String name, String rule, double actual, double limit, boolean applied) {
    boolean held = !Double.isNaN(actual) && actual < limit;
    return new Check(name, rule, Double.isNaN(actual) ? null : actual, applied, !applied || held);
  }

  private static Check zero(String name, String rule, long actual) {
    return new Check(name, rule, (double) actual, true, actual == 0);
  }

  /** The whole result as JSON-ready values. */
  public Map<String, @Nullable Object> toJson() {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("tool", "occ benchmarks LoadTest");
    m.put("target", target.name());
    m.put("url", target.url().toString());
    if (options.credentials() != null) {
      m.put("user", options.credentials().user());
    }
    m.put("rounds", options.rounds());
    m.put("mode", lower(options.mode()));
    m.put("model", lower(options.model()));
    m.put("mix", options.mix().label());
    m.put("users", options.users());
    if (options.steps() != null) {
      m.put("step_rates_per_s", options.steps().rates());
    } else if (options.model() == LoadOptions.Model.OPEN) {
      m.put("rate_per_s", options.rate());
    } else {
      m.put("think_ms", options.think().toMillis());
      m.put("think_spread", options.thinkSpread());
    }
    m.put("duration_s", options.duration().toMillis() / 1000.0);
    m.put("warmup_s", options.warmup().toMillis() / 1000.0);
    m.put("from", options.from().toString());
    m.put("to", options.to().toString());
    m.put("seed", options.seed());
    m.put("started_at", startedAt.toString());
    m.put("measured_s", round(seconds, 3));
    m.put("iterations", tally.iterations);
    Map<String, @Nullable Object> requests = new LinkedHashMap<>();
    requests.put("total", tally.requests());
    requests.put("board", tally.boardRequests);
    requests.put("move", tally.moveRequests);
    m.put("requests", requests);
    m.put("throughput_rps", round(tally.requests() / seconds, 1));
    m.put("acknowledged_moves_per_s", round(tally.acknowledged / seconds, 1));
    Map<String, @Nullable Object> errors = new LinkedHashMap<>();
    errors.put("server_5xx", tally.serverErrors);
    errors.put("transport", tally.transportErrors);
    errors.put("refused_401_403", tally.authErrors);
    errors.put("unexpected", tally.unexpected);
    errors.put("no_card_to_move", tally.noCard);
    m.put("errors", errors);
    m.put("error_rate", finite(errorRate()));
    Map<String, @Nullable Object> conflicts = new LinkedHashMap<>();
    conflicts.put("total_409", tally.conflicts);
    conflicts.put("first_attempt_409", tally.firstConflicts);
    conflicts.put("retries", tally.retries);
    conflicts.put("recovered", tally.recovered);
    conflicts.put("retry_409", tally.retryConflicts);
    m.put("conflicts", conflicts);
    m.put("conflict_rate", finite(conflictRate()));
    m.put("first_attempt_conflict_rate", finite(ratio(tally.firstConflicts, tally.firstMoves)));
    m.put("recovery_rate", finite(recoveryRate()));
    Map<String, @Nullable Object> latency = new LinkedHashMap<>();
    latency.put("unit", "ms");
    latency.put(
        "correction",
        expectedIntervalMicros > 0
            ? "closed model: corrected for coordinated omission, expected interval = think + median iteration"
            : "open model: board and iteration timed from the scheduled start");
    latency.put("expected_interval_ms", expectedIntervalMicros / 1000.0);
    latency.put("counted", counted == move ? "move" : "all");
    latency.put("all", percentiles(all));
    latency.put("move", percentiles(move));
    latency.put("board", percentiles(board));
    latency.put("iteration", percentiles(tally.iteration));
    latency.put("all_uncorrected", percentiles(allUncorrected));
    m.put("latency", latency);
    m.put("audit", audit.toJson());
    m.put("samples", tally.samples);
    List<Object> checkList = new ArrayList<>();
    for (Check c : checks) {
      Map<String, @Nullable Object> cm = new LinkedHashMap<>();
      cm.put("name", c.name());
      cm.put("rule", c.rule());
      cm.put("actual", c.actual());
      cm.put("applied", c.applied());
      cm.put("passed", c.passed());
      checkList.add(cm);
    }
    m.put("checks", checkList);
    m.put("passed", passed());
    return m;
  }

  /** A few lines for the console. */
  public String summary() {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "load test %s against %s: %d requests in %.1f s (%.1f req/s), %d moves"
                + " acknowledged%n",
            options.tag(),
            target.name(),
            tally.requests(),
            seconds,
            tally.requests() / seconds,
            tally.acknowledged));
    s.append(
        String.format(
            Locale.ROOT,
            "  errors %d (%s), unexpected %d; conflicts %d (%s of moves)%s%n",
            tally.errors(),
            pct(errorRate()),
            tally.unexpected,
            tally.conflicts,
            pct(conflictRate()),
            // The moves mix never retries: a 409 only tells the user the current version.
            options.mix() == LoadOptions.Mix.MOVES
                ? ", not retried"
                : String.format(
                    Locale.ROOT,
                    ", recovered %d of %d (%s)",
                    tally.recovered,
                    tally.firstConflicts,
                    pct(recoveryRate()))));
    s.append(
        String.format(
            Locale.ROOT,
            "  latency ms of %s: p50 %.2f  p95 %.2f  p99 %.2f  max %.2f"
                + "  (move p95 %.2f, board p95 %.2f)%n",
            countedName(),
            ms(counted, 50),
            ms(counted, 95),
            ms(counted, 99),
            ms(counted, 100),
            ms(move, 95),
            ms(board, 95)));
    s.append(
        String.format(
            Locale.ROOT,
            "  audit: %d acknowledged moves on %d cards, %d kept, %d lost,"
                + " %d chain breaks, %d unreadable%n",
            audit.acknowledged(),
            audit.cards(),
            audit.kept(),
            audit.lostMoves(),
            audit.chainBreaks(),
            audit.unreadable()));
    for (Check c : checks) {
      s.append(
          String.format(
              Locale.ROOT,
              "  %s %-21s %s%s%n",
              !c.applied() ? "n/a " : c.passed() ? "PASS" : "FAIL",
              c.name(),
              c.rule(),
              c.actual() == null ? "" : " — actual " + fmt(c.actual())));
    }
    audit.problems().forEach(p -> s.append("  problem: ").append(p).append('\n'));
    tally.samples.forEach(p -> s.append("  sample: ").append(p).append('\n'));
    return s.toString();
  }

  private static Map<String, @Nullable Object> percentiles(Histogram h) {
    Map<String, @Nullable Object> p = new LinkedHashMap<>();
    p.put("count", h.getTotalCount());
    boolean any = h.getTotalCount() > 0;
    p.put("p50", any ? ms(h, 50) : null);
    p.put("p95", any ? ms(h, 95) : null);
    p.put("p99", any ? ms(h, 99) : null);
    p.put("p999", any ? ms(h, 99.9) : null);
    p.put("max", any ? ms(h, 100) : null);
    p.put("mean", any ? round(h.getMean() / 1000.0, 3) : null);
    return p;
  }

  static double ms(Histogram h, double percentile) {
    if (h.getTotalCount() == 0) {
      return Double.NaN;
    }
    long micros = percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile);
    return round(micros / 1000.0, 3);
  }

  /** JSON has no NaN or infinity: "not measurable" is written as null. */
  private static @Nullable Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static double ratio(long part, long whole) {
    return whole == 0 ? Double.NaN : (double) part / whole;
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Double.isFinite(v) ? Math.round(v * f) / f : v;
  }

  static String pct(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", v * 100);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.4f", v);
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
