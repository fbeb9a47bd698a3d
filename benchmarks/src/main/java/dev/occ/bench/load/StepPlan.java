package dev.occ.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The arrival rates a stepping run offers each target, lowest first, how many windows each rate
 * gets, and what makes a step sustainable: the median of its windows' p95 under {@code p95Millis},
 * no errors in any window, and at least {@link #MIN_ACHIEVED_SHARE} of the offered iterations
 * started on time.
 *
 * @param rates iterations per second, ascending and distinct
 * @param p95Millis a sustainable step's p95 must stay under this
 * @param windows measured windows per rate and target, alternating between targets; with more than
 *     one, a single window that the machine's swings pushed over the limit does not decide the step
 */
public record StepPlan(List<Double> rates, double p95Millis, int windows) {
  /** The latency goal for a sustainable rate. */
  public static final double DEFAULT_P95_MILLIS = 20;

  /** A step that started fewer than this share of its offered iterations missed its schedule. */
  public static final double MIN_ACHIEVED_SHARE = 0.95;

  /** A target stops stepping after this many unsustainable steps in a row. */
  public static final int STOP_AFTER_UNSUSTAINABLE = 2;

  /** The most steps one plan may hold; the 1 h bound on measured time limits them further. */
  public static final int MAX_STEPS = 1000;

  /** The most windows per rate and target. */
  public static final int MAX_WINDOWS = 21;

  /** Sorts and de-duplicates the rates and checks them. */
  public StepPlan {
    if (rates.isEmpty()) {
      throw new IllegalArgumentException("--step-rates needs at least one rate");
    }
    for (double r : rates) {
      if (!(r > 0) || Double.isInfinite(r)) {
        throw new IllegalArgumentException("--step-rates must all be > 0: " + r);
      }
    }
    rates = List.copyOf(new TreeSet<>(rates));
    if (rates.size() > MAX_STEPS) {
      throw new IllegalArgumentException("--step-rates holds at most " + MAX_STEPS + " rates");
    }
    if (!(p95Millis > 0)) {
      throw new IllegalArgumentException("--step-p95-ms must be > 0");
    }
    if (windows < 1 || windows > MAX_WINDOWS) {
      throw new IllegalArgumentException("--step-windows must be between 1 and " + MAX_WINDOWS);
    }
  }

  /** A plan with one window per rate and target. */
  public StepPlan(List<Double> rates, double p95Millis) {
    this(rates, p95Millis, 1);
  }

  /**
   * Reads rates as typed: a comma-separated list whose items are rates ({@code 100}) or inclusive
   * ranges {@code from:to:step} ({@code 100:1000:100}), e.g. {@code 50,100:500:100}.
   *
   * @throws IllegalArgumentException naming {@code --step-rates} and what is wrong
   */
  public static StepPlan parse(String spec, double p95Millis) {
    return parse(spec, p95Millis, 1);
  }

  /**
   * Reads rates as {@link #parse(String, double)} does, for a plan with {@code windows} windows per
   * rate and target.
   */
  public static StepPlan parse(String spec, double p95Millis, int windows) {
    List<Double> rates = new ArrayList<>();
    for (String item : spec.split(",", -1)) {
      String[] parts = item.trim().split(":", -1);
      if (parts.length == 1) {
        rates.add(number(parts[0]));
      } else if (parts.length == 3) {
        range(number(parts[0]), number(parts[1]), number(parts[2]), rates);
      } else {
        throw new IllegalArgumentException(
            "--step-rates: '" + item + "' is neither a rate nor a range from:to:step");
      }
    }
    return new StepPlan(rates, p95Millis, windows);
  }

  private static void range(double from, double to, double step, List<Double> into) {
    if (!(step > 0) || to < from) {
      throw new IllegalArgumentException(
          "--step-rates: a range from:to:step needs step > 0 and to >= from");
    }
    // Counted in whole steps, so that 0.1-sized steps do not drift past the end by rounding.
    long count = (long) Math.floor((to - from) / step + 1e-9) + 1;
    if (count > MAX_STEPS) {
      throw new IllegalArgumentException("--step-rates holds at most " + MAX_STEPS + " rates");
    }
    for (long i = 0; i < count; i++) {
      into.add(from + i * step);
    }
  }

  private static double number(String text) {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--step-rates: '" + text + "' is not a number", e);
    }
  }
}
