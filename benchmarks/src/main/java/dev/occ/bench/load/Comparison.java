package dev.occ.bench.load;

import dev.occ.bench.paired.PairedStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Several apps driven in alternating rounds on one database, side by side. Each round gives one
 * ratio per app against the baseline (the first target) for throughput and for p95; the comparison
 * is the median of those ratios with {@link PairedStats}' distribution-free interval, since on a
 * noisy machine two back-to-back runs differ by ±30 % while the rounds' ratios mostly cancel the
 * drift. The lost-move audit is repeated over every app's acknowledgements together, which is the
 * only place where two apps acknowledging the same version would show.
 */
public final class Comparison {
  /** The interval's coverage. */
  static final double CONFIDENCE = 0.95;

  private final LoadOptions options;
  private final Map<String, List<Round>> rounds;
  private final Map<String, double[]> requestsPerSecond = new LinkedHashMap<>();
  private final Map<String, double[]> p95Millis = new LinkedHashMap<>();
  private final MoveAudit.Result together;

  private Comparison(
      LoadOptions options, Map<String, List<Round>> rounds, MoveAudit.Result together) {
    this.options = options;
    this.rounds = rounds;
    this.together = together;
    MoveAudit.Result none = MoveAudit.audit(List.of(), Map.of(), Map.of());
    for (Target t : options.targets()) {
      List<Round> list = rounds.get(t.name());
      double[] rps = new double[list.size()];
      double[] p95 = new double[list.size()];
      for (int i = 0; i < list.size(); i++) {
        Round r = list.get(i);
        rps[i] = r.requestsPerSecond();
        // The same (corrected) p95 as the target's report, per round.
        p95[i] = LoadReport.of(options, t, r.tally(), none, r.seconds(), r.startedAt()).p95Millis();
      }
      requestsPerSecond.put(t.name(), rps);
      p95Millis.put(t.name(), p95);
    }
  }

  /**
   * Compares the targets' rounds.
   *
   * @param rounds each target's rounds by name, in the order of {@link LoadOptions#targets()}
   * @param together the audit of every target's acknowledgements against the shared history
   */
  static Comparison of(
      LoadOptions options, Map<String, List<Round>> rounds, MoveAudit.Result together) {
    return new Comparison(options, rounds, together);
  }

  /** Whether no move was lost across the targets. */
  public boolean passed() {
    return together.clean() && together.acknowledged() > 0;
  }

  /** The audit of every target's acknowledgements together. */
  public MoveAudit.Result together() {
    return together;
  }

  /** The median per-round ratio of a target's requests per second to the baseline's. */
  public @Nullable PairedStats throughputRatio(String target) {
    return ratio(requestsPerSecond, target);
  }

  /** The median per-round ratio of a target's p95 to the baseline's. */
  public @Nullable PairedStats p95Ratio(String target) {
    return ratio(p95Millis, target);
  }

  private @Nullable PairedStats ratio(Map<String, double[]> values, String target) {
    String baseline = baseline();
    if (target.equals(baseline)) {
      return null;
    }
    double[] base = values.get(baseline);
    double[] mine = values.get(target);
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(base.length, mine.length); i++) {
      double r = mine[i] / base[i];
      if (Double.isFinite(r)) {
        ratios.add(r);
      }
    }
    return ratios.isEmpty()
        ? null
        : PairedStats.of(ratios.stream().mapToDouble(Double::doubleValue).toArray(), CONFIDENCE);
  }

  private String baseline() {
    return options.targets().get(0).name();
  }

  /** The comparison as JSON-ready values. */
  public Map<String, @Nullable Object> toJson() {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("tool", "occ benchmarks LoadTest");
    m.put("mode", options.tag());
    m.put("users", options.users());
    m.put("rounds", options.rounds());
    m.put("round_duration_s", options.duration().toMillis() / 1000.0);
    m.put("seed", options.seed());
    m.put("baseline", baseline());
    Map<String, @Nullable Object> targets = new LinkedHashMap<>();
    for (Target t : options.targets()) {
      Map<String, @Nullable Object> tm = new LinkedHashMap<>();
      tm.put("url", t.url().toString());
      List<Object> perRound = new ArrayList<>();
      List<Round> list = rounds.get(t.name());
      for (int i = 0; i < list.size(); i++) {
        Map<String, @Nullable Object> r = new LinkedHashMap<>();
        r.put("started_at", list.get(i).startedAt().toString());
        r.put("requests_per_s", round(requestsPerSecond.get(t.name())[i]));
        r.put("moves_per_s", round(list.get(i).movesPerSecond()));
        r.put("p95_ms", round(p95Millis.get(t.name())[i]));
        r.put("errors", list.get(i).tally().errors());
        perRound.add(r);
      }
      tm.put("rounds", perRound);
      tm.put("throughput_ratio", stats(throughputRatio(t.name())));
      tm.put("p95_ratio", stats(p95Ratio(t.name())));
      targets.put(t.name(), tm);
    }
    m.put("targets", targets);
    m.put("audit_all_targets", together.toJson());
    m.put("passed", passed());
    return m;
  }

  /** A few lines for the console. */
  public String summary() {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "comparison %s: %d rounds of %s per target, baseline %s%n",
            options.tag(),
            options.rounds(),
            options.duration(),
            baseline()));
    for (Target t : options.targets()) {
      PairedStats rps = throughputRatio(t.name());
      PairedStats p95 = p95Ratio(t.name());
      if (rps == null || p95 == null) {
        continue;
      }
      s.append(
          String.format(
              Locale.ROOT,
              "  %s / %s: req/s x%.3f [%.3f, %.3f], p95 x%.3f [%.3f, %.3f] (median of %d rounds,"
                  + " %.0f%% interval)%n",
              t.name(),
              baseline(),
              rps.median(),
              rps.low(),
              rps.high(),
              p95.median(),
              p95.low(),
              p95.high(),
              rps.rounds(),
              rps.confidence() * 100));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "  audit over all targets: %d acknowledged moves, %d lost, %d chain breaks, %d"
                + " unreadable%n",
            together.acknowledged(),
            together.lostMoves(),
            together.chainBreaks(),
            together.unreadable()));
    together.problems().forEach(p -> s.append("  problem: ").append(p).append('\n'));
    return s.toString();
  }

  private static @Nullable Map<String, Object> stats(@Nullable PairedStats p) {
    if (p == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("median", round(p.median()));
    m.put("low", round(p.low()));
    m.put("high", round(p.high()));
    m.put("confidence", round(p.confidence()));
    m.put("rounds", p.rounds());
    return m;
  }

  private static @Nullable Double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : null;
  }
}
