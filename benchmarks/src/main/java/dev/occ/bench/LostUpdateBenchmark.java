package dev.occ.bench;

import dev.occ.RowVersion;
import dev.occ.VersionConflictException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * What "last write wins" silently loses under contention, next to what occ reports. Every thread
 * reads a row's version as a board would show it, "thinks", then writes a new status:
 *
 * <ul>
 *   <li>{@code lastWriteWins}: {@code UPDATE … SET status = ?, version = version + 1 WHERE id = ?},
 *       the shop's old query plus a blindly incremented version that lets us see the damage: when
 *       the version it returns is not the one read + 1, the write replaced a write its author never
 *       saw. That is a lost update, and the user was told "saved".
 *   <li>{@code occ}: the versioned update; a stale write is refused with a conflict the caller
 *       hears about, and an acknowledged write always lands on the version read + 1.
 * </ul>
 *
 * <p>The auxiliary counters (per iteration, all threads) are {@code acknowledged} writes, {@code
 * overwrote} (acknowledged writes that replaced an unseen write: lost updates) and {@code
 * conflicts} (occ only). Threads share the rows on purpose, unlike the other benchmarks.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 5)
@Threads(4)
public class LostUpdateBenchmark {
  /** The contended rows and the think time between read and write. */
  @State(Scope.Benchmark)
  public static class Contention {
    /** Rows all threads pick from at random: ids 1 to this. */
    @Param({"10"})
    public int rows = 10;

    /** Time between reading a version and writing, in microseconds (0: none). */
    @Param({"0", "1000"})
    public long thinkMicros;

    long pick() {
      return 1 + ThreadLocalRandom.current().nextInt(rows);
    }

    void think() {
      if (thinkMicros > 0) {
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(thinkMicros));
      }
    }
  }

  /** How each thread's writes ended in the current iteration; JMH sums them over threads. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Outcomes {
    /** Writes the writer was told succeeded. */
    public long acknowledged;

    /** Acknowledged writes that replaced a write their author had not seen: lost updates. */
    public long overwrote;

    /** Writes refused as stale and reported to the writer (occ only). */
    public long conflicts;

    /** JMH leaves resetting to us; counts are per iteration. */
    @Setup(Level.Iteration)
    public void reset() {
      acknowledged = 0;
      overwrote = 0;
      conflicts = 0;
    }

    void written(long seen, long written) {
      acknowledged++;
      if (written != seen + 1) {
        overwrote++;
      }
    }
  }

  /** The board's read and the old, unversioned write, on plain JDBC. */
  @State(Scope.Benchmark)
  public static class PlainJdbc {
    private static final String READ = "SELECT version FROM appointments WHERE id = ?";
    private static final String BLIND_WRITE =
        "UPDATE appointments SET status = ?, version = version + 1, updated_at = CURRENT_TIMESTAMP"
            + " WHERE id = ? RETURNING version";

    private @Nullable DataSource dataSource;

    /** Borrows the trial's pool. */
    @Setup(Level.Trial)
    public void setUp(BenchTable table) {
      this.dataSource = table.dataSource();
    }

    /** Reads the row's version in autocommit, as loading the board does. */
    long read(long id) throws SQLException {
      try (Connection c = pool().getConnection();
          PreparedStatement ps = c.prepareStatement(READ)) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalStateException("row " + id + " is missing");
          }
          return rs.getLong(1);
        }
      }
    }

    /** Writes without looking at the version, in its own transaction; returns the new version. */
    long blindWrite(long id, String status) throws SQLException {
      try (Connection c = pool().getConnection()) {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(BLIND_WRITE)) {
          ps.setString(1, status);
          ps.setLong(2, id);
          long written;
          try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              throw new IllegalStateException("row " + id + " is missing");
            }
            written = rs.getLong(1);
          }
          c.commit();
          return written;
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      }
    }

    private DataSource pool() {
      if (dataSource == null) {
        throw new IllegalStateException("not set up");
      }
      return dataSource;
    }
  }

  /** Read, think, write without a version check. */
  @Benchmark
  public long lastWriteWins(PlainJdbc jdbc, Contention contention, Outcomes outcomes)
      throws SQLException {
    long id = contention.pick();
    long seen = jdbc.read(id);
    contention.think();
    long written = jdbc.blindWrite(id, nextStatus(seen));
    outcomes.written(seen, written);
    return written;
  }

  /** Read, think, write with occ at the version read. */
  @Benchmark
  public long occ(PlainJdbc jdbc, OccDefault occ, Contention contention, Outcomes outcomes)
      throws SQLException {
    long id = contention.pick();
    long seen = jdbc.read(id);
    contention.think();
    try {
      RowVersion written = occ.move(id, seen, nextStatus(seen));
      outcomes.written(seen, written.version());
      return written.version();
    } catch (VersionConflictException e) {
      outcomes.conflicts++;
      return e.actualVersion();
    }
  }

  private static String nextStatus(long version) {
    return BenchTable.STATUSES.get((int) (version % BenchTable.STATUSES.size()));
  }
}
