package dev.occ.bench;

import dev.occ.Occ;
import dev.occ.OccListener;
import dev.occ.RetryPolicy;
import dev.occ.RowVersion;
import dev.occ.micrometer.MicrometerOccListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What occ's options cost when nothing fails: the retry policy (none vs the default two attempts,
 * both through occ's resilience4j Retry, which never fires here) and metrics (the no-op listener vs
 * Micrometer on a {@link SimpleMeterRegistry}), in all four combinations, on the success path.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Threads(1)
public class OverheadBenchmark {
  /** occ built with the options under test. */
  @State(Scope.Benchmark)
  public static class ConfiguredOcc {
    /**
     * {@code none} ({@link RetryPolicy#none()}) or {@code default} ({@link RetryPolicy#DEFAULT}).
     */
    @Param({"none", "default"})
    public String retry = "none";

    /** {@code noop} ({@link OccListener#NOOP}) or {@code micrometer}. */
    @Param({"noop", "micrometer"})
    public String metrics = "noop";

    private @Nullable Occ occ;

    /** Builds occ on a Jdbi on the trial's pool. */
    @Setup(Level.Trial)
    public void setUp(BenchTable table) {
      RetryPolicy policy =
          switch (retry) {
            case "none" -> RetryPolicy.none();
            case "default" -> RetryPolicy.DEFAULT;
            default -> throw new IllegalArgumentException("retry: " + retry);
          };
      OccListener listener =
          switch (metrics) {
            case "noop" -> OccListener.NOOP;
            case "micrometer" -> MicrometerOccListener.create(new SimpleMeterRegistry());
            default -> throw new IllegalArgumentException("metrics: " + metrics);
          };
      this.occ =
          Occ.builder(Jdbi.create(table.dataSource()))
              .retryPolicy(policy)
              .listener(listener)
              .build();
    }

    Occ occ() {
      if (occ == null) {
        throw new IllegalStateException("not set up");
      }
      return occ;
    }
  }

  /** One successful versioned update with the configured options. */
  @Benchmark
  public RowVersion update(ConfiguredOcc contender, SpreadRows rows) {
    RowSlice s = rows.slice();
    int slot = s.next();
    RowVersion moved =
        contender
            .occ()
            .update(OccDefault.APPOINTMENTS)
            .set("status", s.nextStatus(slot))
            .whereId(s.id(slot))
            .expectVersion(s.version(slot))
            .execute();
    s.advance(slot, moved.version());
    return moved;
  }
}
