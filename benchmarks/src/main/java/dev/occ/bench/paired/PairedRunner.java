package dev.occ.bench.paired;

import dev.occ.RowVersion;
import dev.occ.bench.BenchTable;
import dev.occ.bench.HandWrittenJdbi;
import dev.occ.bench.Moved;
import dev.occ.bench.OccDefault;
import dev.occ.bench.RawJdbc;
import dev.occ.bench.RowSet;
import dev.occ.bench.RowSlice;
import dev.occ.bench.hibernate.HibernateRest;
import dev.occ.bench.springdata.SpringDataJdbcRest;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Compares contenders of {@code UpdateBenchmark} the way a noisy machine allows: in one warmed JVM
 * and one pool, every round runs each contender for a short slice, back to back, in an order that
 * rotates from round to round; each round gives one ratio per contender against the baseline, and
 * the report is the median of those ratios with a distribution-free confidence interval. The
 * machine's drift, which swings a sequential A-then-B comparison by ±30 %, mostly cancels within a
 * round.
 *
 * <p>Run it from the shaded jar: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.occ.bench.paired.PairedRunner --help}.
 */
@Command(
    name = "paired",
    mixinStandardHelpOptions = true,
    description =
        "Median per-round throughput ratios of versioned-update contenders against a baseline.")
public final class PairedRunner implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--contenders",
      split = ",",
      defaultValue = "rawJdbc,occ,handWrittenJdbi,hibernate",
      description =
          "Contenders, the baseline first: rawJdbc, occ, handWrittenJdbi, hibernate, springDataJdbc (default: ${DEFAULT-VALUE}).")
  List<String> contenders = new ArrayList<>();

  @Option(
      names = "--rounds",
      defaultValue = "30",
      description = "Measured rounds (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--warmup-rounds",
      defaultValue = "5",
      description = "Rounds run first and not counted (default: ${DEFAULT-VALUE}).")
  int warmupRounds;

  @Option(
      names = "--slice-ms",
      defaultValue = "1000",
      description = "Milliseconds per contender per round (default: ${DEFAULT-VALUE}).")
  long sliceMillis;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "Threads writing at once (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--rows",
      defaultValue = "spread",
      description = "Row set: spread or hot (default: ${DEFAULT-VALUE}).")
  String rows;

  @Option(
      names = "--confidence",
      defaultValue = "0.95",
      description = "Coverage of the interval (default: ${DEFAULT-VALUE}).")
  double confidence;

  /** Runs the comparison; the database settings come from {@code BenchConfig} (-D or env). */
  @Override
  public Integer call() throws Exception {
    if (contenders.size() < 2) {
      spec.commandLine().getErr().println("--contenders needs a baseline and at least one more");
      spec.commandLine().getErr().flush();
      return CommandLine.ExitCode.USAGE;
    }
    BenchTable table = new BenchTable();
    table.setUp();
    List<Contender> list = new ArrayList<>();
    try {
      for (String name : contenders) {
        list.add(contender(name, table.dataSource()));
      }
      RowSet rowSet = RowSet.parse(rows);
      List<RowSlice> slices = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        slices.add(RowSlice.forThread(table, rowSet, t, threads));
      }
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          Locale.ROOT,
          "paired: %s; %d threads, %s rows, synchronous_commit=%s, %d+%d rounds of %d ms each%n",
          contenders,
          threads,
          rows,
          table.config().synchronousCommit(),
          warmupRounds,
          rounds,
          sliceMillis);
      for (int r = 0; r < warmupRounds; r++) {
        round(list, slices, r);
      }
      Map<String, double[]> ratios = new LinkedHashMap<>();
      Map<String, double[]> opsPerSecond = new LinkedHashMap<>();
      for (Contender c : list) {
        ratios.put(c.name(), new double[rounds]);
        opsPerSecond.put(c.name(), new double[rounds]);
      }
      for (int r = 0; r < rounds; r++) {
        double[] ops = round(list, slices, r);
        for (int i = 0; i < list.size(); i++) {
          opsPerSecond.get(list.get(i).name())[r] = ops[i];
          ratios.get(list.get(i).name())[r] = ops[i] / ops[0];
        }
      }
      report(out, list, ratios, opsPerSecond);
      out.flush();
      return 0;
    } finally {
      for (Contender c : list) {
        c.close().run();
      }
      table.tearDown();
    }
  }

  /** One round: each contender for one slice, in an order rotated by the round's number. */
  private double[] round(List<Contender> list, List<RowSlice> slices, int round) throws Exception {
    double[] ops = new double[list.size()];
    for (int k = 0; k < list.size(); k++) {
      int i = (k + round) % list.size();
      ops[i] = slice(list.get(i), slices);
    }
    return ops;
  }

  /** Runs the contender on every thread for one slice and returns its operations per second. */
  private double slice(Contender c, List<RowSlice> slices) throws Exception {
    LongAdder done = new LongAdder();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CyclicBarrier start = new CyclicBarrier(slices.size() + 1);
    List<Thread> workers = new ArrayList<>();
    for (RowSlice slice : slices) {
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                  while (!stop.get()) {
                    c.write().moveNext(slice);
                    done.increment();
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              },
              "paired-" + c.name());
      workers.add(t);
      t.start();
    }
    start.await();
    long begin = System.nanoTime();
    Thread.sleep(sliceMillis);
    stop.set(true);
    for (Thread t : workers) {
      t.join();
    }
    long elapsed = System.nanoTime() - begin;
    if (failure.get() != null) {
      throw new IllegalStateException(c.name() + " failed", failure.get());
    }
    return done.sum() * 1e9 / elapsed;
  }

  private void report(
      PrintWriter out,
      List<Contender> list,
      Map<String, double[]> ratios,
      Map<String, double[]> ops) {
    String baseline = list.get(0).name();
    out.printf(
        Locale.ROOT,
        "%n| contender | median ops/s | median ratio to %s | %.0f %% interval | rounds |%n",
        baseline,
        confidence * 100);
    out.println("|---|---|---|---|---|");
    for (Contender c : list) {
      PairedStats r = PairedStats.of(ratios.get(c.name()), confidence);
      PairedStats o = PairedStats.of(ops.get(c.name()), confidence);
      out.printf(
          Locale.ROOT,
          "| %s | %,.0f | %.3f | %.3f – %.3f (%.1f %%) | %d |%n",
          c.name(),
          o.median(),
          r.median(),
          r.low(),
          r.high(),
          r.confidence() * 100,
          r.rounds());
    }
  }

  /** A contender's write, adapted to one row slice, and what closes it. */
  private record Contender(String name, SliceWrite write, Runnable close) {}

  @FunctionalInterface
  private interface SliceWrite {
    void moveNext(RowSlice slice) throws Exception;
  }

  private static Contender contender(String name, DataSource pool) {
    switch (name) {
      case "rawJdbc" -> {
        RawJdbc c = new RawJdbc().use(pool);
        return new Contender(name, s -> s.moveNext(c::move, Moved::version), () -> {});
      }
      case "handWrittenJdbi" -> {
        HandWrittenJdbi c = new HandWrittenJdbi().use(pool);
        return new Contender(name, s -> s.moveNext(c::move, Moved::version), () -> {});
      }
      case "occ" -> {
        OccDefault c = new OccDefault().use(pool);
        return new Contender(name, s -> s.moveNext(c::move, RowVersion::version), () -> {});
      }
      case "hibernate" -> {
        HibernateRest c = new HibernateRest().use(pool);
        return new Contender(name, s -> s.moveNext(c::move, Moved::version), c::tearDown);
      }
      case "springDataJdbc" -> {
        SpringDataJdbcRest c = new SpringDataJdbcRest().use(pool);
        return new Contender(name, s -> s.moveNext(c::move, Moved::version), c::tearDown);
      }
      default -> throw new IllegalArgumentException("unknown contender: " + name);
    }
  }

  /** Parses the options and runs; exits with the run's status. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new PairedRunner()).execute(args));
  }
}
