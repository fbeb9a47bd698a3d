package dev.occ.bench.paired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PairedStatsTest {

  @Test
  void theMedianOfAnOddAndAnEvenNumberOfRounds() {
    assertThat(PairedStats.of(new double[] {3, 1, 2}, 0.5).median()).isEqualTo(2);
    assertThat(PairedStats.of(new double[] {4, 1, 3, 2}, 0.5).median()).isEqualTo(2.5);
  }

  @Test
  void theBinomialDistributionMatchesHandComputedValues() {
    // n = 10: P(B <= 1) = 11/1024, P(B <= 8) = 1013/1024.
    assertThat(PairedStats.binomialCdf(10, 1)).isCloseTo(11.0 / 1024, within(1e-12));
    assertThat(PairedStats.binomialCdf(10, 8)).isCloseTo(1013.0 / 1024, within(1e-12));
    assertThat(PairedStats.binomialCdf(10, 10)).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void twentyRoundsGiveTheSixthAndFifteenthOrderStatisticsAt95Percent() {
    // Tables for the sign test: n = 20, 95 % -> k = 6, coverage 1 - 2 * P(B <= 5) = 0.9586.
    double[] ratios = new double[20];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = 1.0 + i / 100.0; // sorted: 1.00 .. 1.19
    }
    PairedStats stats = PairedStats.of(ratios, 0.95);

    assertThat(stats.low()).isCloseTo(1.05, within(1e-12));
    assertThat(stats.high()).isCloseTo(1.14, within(1e-12));
    assertThat(stats.confidence()).isCloseTo(0.9586, within(1e-4));
    assertThat(stats.rounds()).isEqualTo(20);
  }

  @Test
  void tooFewRoundsForTheConfidenceGiveTheWholeRange() {
    PairedStats stats = PairedStats.of(new double[] {0.9, 1.1, 1.0, 1.2, 0.8}, 0.95);

    assertThat(stats.low()).isEqualTo(0.8);
    assertThat(stats.high()).isEqualTo(1.2);
  }

  @Test
  void noRoundsIsAnError() {
    assertThatThrownBy(() -> PairedStats.of(new double[0], 0.95))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
