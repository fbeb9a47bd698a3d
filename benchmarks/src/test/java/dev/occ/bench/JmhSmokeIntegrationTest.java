package dev.occ.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark in-process with tiny settings, so that none of them can rot: each must set
 * up, run, produce a positive score and tear down. The numbers mean nothing; the full runs are in
 * README.md.
 */
class JmhSmokeIntegrationTest {
  private static BenchSchema schema;

  @BeforeAll
  static void pointAtATestSchema() throws Exception {
    schema = BenchSchema.create("occ_bench_smoke");
    Files.createDirectories(Path.of("target", "jmh-smoke"));
  }

  @AfterAll
  static void dropIt() throws Exception {
    schema.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "UpdateBenchmark, 10",
    "ConflictBenchmark, 4",
    "OverheadBenchmark, 4",
    "LostUpdateBenchmark, 4",
  })
  void benchmarkRunsAndScores(String benchmark, int expectedRuns) throws Exception {
    Collection<RunResult> results = run(benchmark);

    assertThat(results).hasSize(expectedRuns);
    for (RunResult r : results) {
      assertThat(r.getPrimaryResult().getScore())
          .as("%s %s", r.getParams().getBenchmark(), r.getParams().getParamsKeys())
          .isPositive();
    }
  }

  @Test
  void occNeverOverwritesAnUnseenWriteWhileLastWriteWinsIsCounted() throws Exception {
    List<RunResult> results = new ArrayList<>(run("LostUpdateBenchmark"));

    for (RunResult r : results) {
      var counters = r.getSecondaryResults();
      assertThat(counters).containsKeys("acknowledged", "overwrote", "conflicts");
      assertThat(counters.get("acknowledged").getScore()).isPositive();
      if (r.getParams().getBenchmark().endsWith(".occ")) {
        assertThat(counters.get("overwrote").getScore()).isZero();
      } else {
        assertThat(counters.get("conflicts").getScore()).isZero();
      }
    }
  }

  private static Collection<RunResult> run(String benchmark) throws Exception {
    Options options =
        new OptionsBuilder()
            .include("dev\\.occ\\.bench\\." + benchmark + "\\.")
            // In-process: forking would need the test classpath in a new JVM and add seconds per
            // run.
            .forks(0)
            .threads(1)
            .warmupIterations(1)
            .warmupTime(TimeValue.milliseconds(100))
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(100))
            .shouldFailOnError(true)
            .output(Path.of("target", "jmh-smoke", benchmark + ".log").toString())
            .build();
    return new Runner(options).run();
  }
}
