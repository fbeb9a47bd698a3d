package dev.occ.bench.paired;

import java.util.Arrays;

/**
 * The median of per-round ratios and a distribution-free confidence interval for it. Each round
 * measures every contender once, back to back on the same JVM and pool, so a ratio within a round
 * cancels the machine's drift between rounds; the median ignores the rounds a neighbour spoilt.
 *
 * <p>The interval is the order-statistic one for a median: with n ratios sorted, {@code [x(k),
 * x(n-k+1)]} covers the true median with probability {@code 1 - 2·P(Binomial(n, 1/2) < k)}; k is
 * the largest that keeps that at least the confidence asked for. It assumes only that rounds are
 * independent, not that ratios are normal.
 *
 * @param median the median of the ratios
 * @param low the interval's lower end
 * @param high the interval's upper end
 * @param confidence the interval's actual coverage (at least the one asked for)
 * @param rounds how many ratios there were
 */
public record PairedStats(double median, double low, double high, double confidence, int rounds) {

  /**
   * Summarises the ratios.
   *
   * @param ratios one ratio per round
   * @param confidence the coverage asked for, e.g. 0.95
   * @throws IllegalArgumentException if there are no ratios
   */
  public static PairedStats of(double[] ratios, double confidence) {
    int n = ratios.length;
    if (n == 0) {
      throw new IllegalArgumentException("no rounds");
    }
    double[] sorted = ratios.clone();
    Arrays.sort(sorted);
    double median = medianOfSorted(sorted);
    // Largest k with coverage 1 - 2 P(B < k) >= confidence; k = 0 means the sample is too small to
    // reach it, and the interval is the whole range.
    int k = 0;
    double coverage = 1.0;
    for (int candidate = 1; candidate <= n / 2; candidate++) {
      double c = 1 - 2 * binomialCdf(n, candidate - 1);
      if (c < confidence) {
        break;
      }
      k = candidate;
      coverage = c;
    }
    if (k == 0) {
      return new PairedStats(median, sorted[0], sorted[n - 1], 1.0, n);
    }
    return new PairedStats(median, sorted[k - 1], sorted[n - k], coverage, n);
  }

  /**
   * The median of the values: the middle one, or the mean of the two middle ones.
   *
   * @throws IllegalArgumentException if there are none
   */
  public static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return medianOfSorted(sorted);
  }

  private static double medianOfSorted(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** P(Binomial(n, 1/2) <= x). */
  static double binomialCdf(int n, int x) {
    double sum = 0;
    double term = Math.pow(0.5, n); // C(n, 0) / 2^n
    for (int i = 0; i <= x; i++) {
      sum += term;
      term = term * (n - i) / (i + 1);
    }
    return sum;
  }
}
