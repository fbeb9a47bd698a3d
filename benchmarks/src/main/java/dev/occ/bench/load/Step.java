package dev.occ.bench.load;

import dev.occ.bench.paired.PairedStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The measured windows of a stepping run against one target at one offered arrival rate, and their
 * verdict. A step is sustainable when nothing in {@link #shortfalls()} went wrong: the p95 of the
 * latency that counts stayed under the plan's limit, no request failed, and the users started
 * enough of the offered iterations on time. With several windows, the rates and percentiles are the
 * medians of the windows' own, and the counts are their sums: one window that the machine's swings
 * pushed over the limit does not decide the step, an error in any does.
 *
 * @param offeredRate iterations per second the schedule offered
 * @param achievedRate iterations per second that started inside the measured window (median)
 * @param p50Millis median of the latency that counts, NaN without requests
 * @param p95Millis 95th percentile of the latency that counts, NaN without requests
 * @param p99Millis 99th percentile of the latency that counts, NaN without requests
 * @param errors 5xx, 401/403, timeouts, connection errors and answers outside the contract
 * @param conflicts 409s, which are the contract working, not errors
 * @param shortfalls why the step is not sustainable; empty when it is
 * @param windowP95Millis each window's own p95, in the order they ran
 */
public record Step(
    double offeredRate,
    double achievedRate,
    double p50Millis,
    double p95Millis,
    double p99Millis,
    long errors,
    long conflicts,
    List<String> shortfalls,
    List<Double> windowP95Millis) {
  /** Keeps the lists as given. */
  public Step {
    shortfalls = List.copyOf(shortfalls);
    windowP95Millis = List.copyOf(windowP95Millis);
  }

  /**
   * Judges a window's numbers against the plan.
   *
   * @param p95Millis NaN when nothing was measured, which is never sustainable
   */
  static Step judge(
      StepPlan plan,
      double offeredRate,
      double achievedRate,
      double p50Millis,
      double p95Millis,
      double p99Millis,
      long errors,
      long conflicts) {
    return judge(
        plan,
        offeredRate,
        achievedRate,
        p50Millis,
        p95Millis,
        p99Millis,
        errors,
        conflicts,
        List.of(p95Millis));
  }

  private static Step judge(
      StepPlan plan,
      double offeredRate,
      double achievedRate,
      double p50Millis,
      double p95Millis,
      double p99Millis,
      long errors,
      long conflicts,
      List<Double> windowP95Millis) {
    List<String> shortfalls = new ArrayList<>();
    if (Double.isNaN(p95Millis)) {
      shortfalls.add("nothing measured");
    } else if (!(p95Millis < plan.p95Millis())) {
      shortfalls.add(
          String.format(Locale.ROOT, "p95 %.2f ms >= %s ms", p95Millis, rate(plan.p95Millis())));
    }
    if (errors > 0) {
      shortfalls.add(errors + (errors == 1 ? " error" : " errors"));
    }
    if (achievedRate < StepPlan.MIN_ACHIEVED_SHARE * offeredRate) {
      shortfalls.add(
          String.format(
              Locale.ROOT,
              "started %.1f/s of %s/s offered (< %.0f%%)",
              achievedRate,
              rate(offeredRate),
              StepPlan.MIN_ACHIEVED_SHARE * 100));
    }
    return new Step(
        offeredRate,
        achievedRate,
        p50Millis,
        p95Millis,
        p99Millis,
        errors,
        conflicts,
        shortfalls,
        windowP95Millis);
  }

  /**
   * Judges several windows at one rate by their medians and summed counts, as the class says.
   *
   * @param windows each window's own numbers, as {@code judge} made them
   */
  static Step combine(StepPlan plan, double offeredRate, List<Step> windows) {
    if (windows.isEmpty()) {
      throw new IllegalArgumentException("a step needs at least one window");
    }
    if (windows.size() == 1) {
      return windows.get(0);
    }
    return judge(
        plan,
        offeredRate,
        median(windows.stream().mapToDouble(Step::achievedRate).toArray()),
        median(windows.stream().mapToDouble(Step::p50Millis).toArray()),
        median(windows.stream().mapToDouble(Step::p95Millis).toArray()),
        median(windows.stream().mapToDouble(Step::p99Millis).toArray()),
        windows.stream().mapToLong(Step::errors).sum(),
        windows.stream().mapToLong(Step::conflicts).sum(),
        windows.stream().map(Step::p95Millis).toList());
  }

  /** The median; NaN when any value is NaN, as a window that measured nothing. */
  static double median(double[] values) {
    for (double v : values) {
      if (Double.isNaN(v)) {
        return Double.NaN;
      }
    }
    return PairedStats.median(values);
  }

  /**
   * Measures and judges one window of a stepping run; the achieved rate counts the iterations that
   * started inside the window's {@code --duration}.
   */
  static Step of(LoadOptions options, Target target, StepPlan plan, double rate, Round round) {
    MoveAudit.Result none = MoveAudit.audit(List.of(), Map.of(), Map.of());
    LoadReport report =
        LoadReport.of(options, target, round.tally(), none, round.seconds(), round.startedAt());
    Tally t = round.tally();
    double window = options.duration().toNanos() / 1e9;
    return judge(
        plan,
        rate,
        t.startedInWindow / window,
        report.millis(50),
        report.p95Millis(),
        report.millis(99),
        t.errors() + t.unexpected,
        t.conflicts);
  }

  /** Whether the window kept up with its rate within the plan's limits. */
  public boolean sustainable() {
    return shortfalls.isEmpty();
  }

  /** A rate as people write it: {@code 200}, or {@code 12.5} when it has a fraction. */
  static String rate(double r) {
    return r == Math.rint(r) && Math.abs(r) < 1e15
        ? Long.toString((long) r)
        : String.format(Locale.ROOT, "%.1f", r);
  }
}
