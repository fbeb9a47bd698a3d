package dev.occ.bench;

import dev.occ.RowVersion;
import dev.occ.bench.hibernate.HibernateRest;
import dev.occ.bench.springdata.SpringDataJdbcRest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The success path of one versioned update ("move a card"), by five contenders on the same table,
 * pool and driver: raw JDBC (the baseline), hand-written JDBI, occ, Hibernate and Spring Data JDBC.
 * Each operation moves one of the thread's own rows from the version the thread last wrote, so it
 * always succeeds; the row's new version is checked and returned.
 *
 * <p>Run it with {@code -t 1} and {@code -t 4}; {@code rows=hot} puts every write on 10 rows, split
 * between the threads so that they contend for pages and the WAL but never for a row.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Threads(1)
public class UpdateBenchmark {
  /** The baseline: a bare PreparedStatement in its own transaction. */
  @Benchmark
  public Moved rawJdbc(RawJdbc contender, ThreadRows rows) throws Exception {
    return rows.slice().moveNext(contender::move, Moved::version);
  }

  /** The same statement written by hand on JDBI. */
  @Benchmark
  public Moved handWrittenJdbi(HandWrittenJdbi contender, ThreadRows rows) throws Exception {
    return rows.slice().moveNext(contender::move, Moved::version);
  }

  /** {@code occ.update(T).set("status", s).whereId(id).expectVersion(v).execute()}. */
  @Benchmark
  public RowVersion occ(OccDefault contender, ThreadRows rows) throws Exception {
    return rows.slice().moveNext(contender::move, RowVersion::version);
  }

  /** Hibernate 7 {@code @Version}: load by id, check, change, flush at commit. */
  @Benchmark
  public Moved hibernate(HibernateRest contender, ThreadRows rows) throws Exception {
    return rows.slice().moveNext(contender::move, Moved::version);
  }

  /** Spring Data JDBC {@code @Version}: load, check, change, save, in a transaction. */
  @Benchmark
  public Moved springDataJdbc(SpringDataJdbcRest contender, ThreadRows rows) throws Exception {
    return rows.slice().moveNext(contender::move, Moved::version);
  }
}
