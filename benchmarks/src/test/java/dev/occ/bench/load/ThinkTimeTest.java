package dev.occ.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LongSummaryStatistics;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The pauses of closed-model users: fixed by default, spread evenly around the mean if asked. */
class ThinkTimeTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void withoutASpreadEveryPauseIsTheThinkTime() {
    SplittableRandom random = new SplittableRandom(1);

    assertThat(LoadTest.pause(SECOND, 0, random)).isEqualTo(1_000_000_000L);
    assertThat(LoadTest.pause(Duration.ZERO, 0.5, random)).isZero();
  }

  @Test
  void aSpreadDrawsEachPauseFromTheWholeBandAroundTheSameMean() {
    SplittableRandom random = new SplittableRandom(7);
    LongSummaryStatistics pauses =
        LongStream.range(0, 20_000)
            .map(i -> LoadTest.pause(SECOND, 0.5, random))
            .summaryStatistics();

    assertThat(pauses.getMin()).isBetween(500_000_000L, 510_000_000L);
    assertThat(pauses.getMax()).isBetween(1_490_000_000L, 1_500_000_000L);
    assertThat(pauses.getAverage()).isBetween(0.99e9, 1.01e9);
  }
}
