package dev.occ.bench.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The search for each target's highest sustainable arrival rate: the rules of a stepping run (which
 * target goes first at each step, when a target stops) and what it found, per target and as ratios
 * to the baseline (the first target). One short window per rate cannot average the machine's drift
 * away as alternating rounds do, so the order of targets rotates from step to step and the result
 * is a rate, not a confidence interval.
 */
public final class Stepping {
  private final LoadOptions options;
  private final StepPlan plan;
  private final Map<String, List<Step>> steps;

  private Stepping(LoadOptions options, StepPlan plan, Map<String, List<Step>> steps) {
    this.options = options;
    this.plan = plan;
    Map<String, List<Step>> copy = new LinkedHashMap<>();
    steps.forEach((name, list) -> copy.put(name, List.copyOf(list)));
    this.steps = copy;
  }

  /**
   * What a stepping run found.
   *
   * @param steps each target's steps by name, in the order of {@link LoadOptions#targets()}
   */
  static Stepping of(LoadOptions options, StepPlan plan, Map<String, List<Step>> steps) {
    return new Stepping(options, plan, steps);
  }

  /**
   * The order in which targets take their window at a step: rotated by one per step, so that with
   * two targets each goes first every other step and neither always runs on the other's leftovers.
   */
  static <T> List<T> order(List<T> targets, int step) {
    List<T> order = new ArrayList<>(targets.size());
    for (int k = 0; k < targets.size(); k++) {
      order.add(targets.get((step + k) % targets.size()));
    }
    return order;
  }

  /**
   * Whether a target is done: its last {@link StepPlan#STOP_AFTER_UNSUSTAINABLE} steps were all
   * unsustainable, so higher rates would only overload it further.
   */
  static boolean stopped(List<Step> steps) {
    int n = StepPlan.STOP_AFTER_UNSUSTAINABLE;
    if (steps.size() < n) {
      return false;
    }
    return steps.subList(steps.size() - n, steps.size()).stream().noneMatch(Step::sustainable);
  }

  /** The highest offered rate judged sustainable, if any step was. */
  static OptionalDouble highestSustainable(List<Step> steps) {
    return steps.stream().filter(Step::sustainable).mapToDouble(Step::offeredRate).max();
  }

  /** A target's highest sustainable rate over the baseline's; null unless both have one. */
  static @Nullable Double ratio(OptionalDouble mine, OptionalDouble baseline) {
    return mine.isPresent() && baseline.isPresent()
        ? mine.getAsDouble() / baseline.getAsDouble()
        : null;
  }

  /** One target's steps, in the order they ran. */
  public List<Step> steps(String target) {
    return steps.get(target);
  }

  /** One target's highest sustainable rate, if it had one. */
  public OptionalDouble highestSustainable(String target) {
    return highestSustainable(steps.get(target));
  }

  /**
   * Whether a target sustained the highest rate offered, so its peak lies at or above it and a
   * ratio with it is only a bound.
   */
  public boolean peakAbovePlan(String target) {
    OptionalDouble highest = highestSustainable(target);
    return highest.isPresent()
        && highest.getAsDouble() >= plan.rates().get(plan.rates().size() - 1);
  }

  /** One target's highest sustainable rate over the baseline's, or null. */
  public @Nullable Double ratioToBaseline(String target) {
    return ratio(highestSustainable(target), highestSustainable(baseline()));
  }

  private String baseline() {
    return options.targets().get(0).name();
  }

  private String latency() {
    return options.mix() == LoadOptions.Mix.MOVES ? "move requests" : "all requests";
  }

  /** One target's table and findings as JSON-ready values. */
  public Map<String, @Nullable Object> toJson(String target) {
    Map<String, @Nullable Object> m = rules();
    List<Object> rows = new ArrayList<>();
    for (Step s : steps.get(target)) {
      Map<String, @Nullable Object> r = new LinkedHashMap<>();
      r.put("rate_per_s", s.offeredRate());
      r.put("achieved_per_s", round(s.achievedRate()));
      r.put("p50_ms", round(s.p50Millis()));
      r.put("p95_ms", round(s.p95Millis()));
      r.put("p99_ms", round(s.p99Millis()));
      r.put("errors", s.errors());
      r.put("conflicts", s.conflicts());
      r.put("sustainable", s.sustainable());
      r.put("shortfalls", s.shortfalls());
      r.put("window_p95_ms", s.windowP95Millis().stream().map(Stepping::round).toList());
      rows.add(r);
    }
    m.put("steps", rows);
    m.put("stopped_early", rows.size() < plan.rates().size());
    OptionalDouble highest = highestSustainable(target);
    m.put("highest_sustainable_rate_per_s", highest.isPresent() ? highest.getAsDouble() : null);
    m.put("peak_above_plan", peakAbovePlan(target));
    if (options.comparing()) {
      m.put("baseline", baseline());
      m.put("ratio_to_baseline", round(ratioToBaseline(target)));
    }
    return m;
  }

  /** Every target's findings as JSON-ready values, for the comparison file. */
  public Map<String, @Nullable Object> toJson() {
    Map<String, @Nullable Object> m = rules();
    m.put("baseline", baseline());
    Map<String, @Nullable Object> targets = new LinkedHashMap<>();
    for (String name : steps.keySet()) {
      Map<String, @Nullable Object> t = new LinkedHashMap<>();
      OptionalDouble highest = highestSustainable(name);
      t.put("highest_sustainable_rate_per_s", highest.isPresent() ? highest.getAsDouble() : null);
      t.put("peak_above_plan", peakAbovePlan(name));
      t.put("ratio_to_baseline", round(ratioToBaseline(name)));
      t.put("steps_run", steps.get(name).size());
      targets.put(name, t);
    }
    m.put("targets", targets);
    return m;
  }

  private Map<String, @Nullable Object> rules() {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("mix", options.mix().label());
    m.put("rates_per_s", plan.rates());
    m.put("window_s", options.duration().toMillis() / 1000.0);
    m.put("windows_per_rate", plan.windows());
    m.put("latency", latency());
    m.put("p95_limit_ms", plan.p95Millis());
    m.put("min_achieved_share", StepPlan.MIN_ACHIEVED_SHARE);
    m.put("stop_after_unsustainable", StepPlan.STOP_AFTER_UNSUSTAINABLE);
    return m;
  }

  /** The tables and findings for the console. */
  public String summary() {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "stepping %s, %s %s: sustainable = %sp95 of %s < %s ms, 0 errors, >= %.0f%% of"
                + " the offered rate started%n",
            options.tag(),
            plan.windows() == 1 ? "one" : plan.windows() + " alternating",
            options.duration() + (plan.windows() == 1 ? " window per rate" : " windows per rate"),
            plan.windows() == 1 ? "" : "median of the windows' ",
            latency(),
            Step.rate(plan.p95Millis()),
            StepPlan.MIN_ACHIEVED_SHARE * 100));
    for (String name : steps.keySet()) {
      s.append("  ").append(name).append('\n');
      s.append(
          String.format(
              Locale.ROOT,
              "    %8s %10s %8s %8s %8s %7s %7s  %s%n",
              "rate/s",
              "achieved/s",
              "p50 ms",
              "p95 ms",
              "p99 ms",
              "errors",
              "409s",
              "verdict"));
      for (Step step : steps.get(name)) {
        s.append(
            String.format(
                Locale.ROOT,
                "    %8s %10.1f %8.2f %8.2f %8.2f %7d %7d  %s%n",
                Step.rate(step.offeredRate()),
                step.achievedRate(),
                step.p50Millis(),
                step.p95Millis(),
                step.p99Millis(),
                step.errors(),
                step.conflicts(),
                (step.sustainable()
                        ? "sustainable"
                        : "UNSUSTAINABLE: " + String.join("; ", step.shortfalls()))
                    + windows(step)));
      }
      OptionalDouble highest = highestSustainable(name);
      Double ratio = ratioToBaseline(name);
      s.append("    highest sustainable rate: ")
          .append(highest.isPresent() ? Step.rate(highest.getAsDouble()) + "/s" : "none")
          .append(
              ratio == null || name.equals(baseline())
                  ? ""
                  : String.format(Locale.ROOT, " (x%.3f of %s)", ratio, baseline()))
          .append(
              peakAbovePlan(name)
                  ? ", the highest rate offered: the peak may lie above, raise --step-rates"
                  : "")
          .append('\n');
    }
    return s.toString();
  }

  /** The windows' own p95s when a step had several, for the console. */
  private static String windows(Step step) {
    if (step.windowP95Millis().size() < 2) {
      return "";
    }
    return step.windowP95Millis().stream()
        .map(p -> String.format(Locale.ROOT, "%.2f", p))
        .collect(Collectors.joining(", ", " (windows' p95: ", ")"));
  }

  private static @Nullable Double round(@Nullable Double v) {
    return v == null || !Double.isFinite(v) ? null : Math.round(v * 1000) / 1000.0;
  }
}
