package dev.occ.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.bench.paired.PairedRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Runs the paired runner with tiny settings so that it cannot rot: it must set up, alternate the
 * contenders, and report one row per contender. The numbers mean nothing here.
 */
class PairedRunnerIntegrationTest {
  private static BenchSchema schema;

  @BeforeAll
  static void pointAtATestSchema() {
    schema = BenchSchema.create("occ_paired_smoke");
  }

  @AfterAll
  static void dropIt() throws Exception {
    schema.close();
  }

  @Test
  void reportsAMedianRatioPerContender() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new PairedRunner()).setOut(new PrintWriter(out));

    int status =
        cli.execute(
            "--contenders", "rawJdbc,occ,hibernate",
            "--rounds", "3",
            "--warmup-rounds", "1",
            "--slice-ms", "100",
            "--threads", "2");

    assertThat(status).isZero();
    assertThat(out.toString())
        .contains("| rawJdbc |", "| occ |", "| hibernate |")
        .contains("median ratio to rawJdbc");
  }

  @Test
  void aSingleContenderIsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new PairedRunner()).setErr(new PrintWriter(err));

    assertThat(cli.execute("--contenders", "occ")).isNotZero();
    assertThat(err.toString()).contains("--contenders needs a baseline");
  }
}
