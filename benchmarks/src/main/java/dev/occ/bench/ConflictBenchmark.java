package dev.occ.bench;

import dev.occ.RowVersion;
import dev.occ.VersionConflictException;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a conflict costs next to a success. A conflict is an update with a stale expected version
 * (0: every row starts at 1 and only grows), so the UPDATE matches nothing, occ re-reads the row to
 * tell a conflict from a missing row, rolls back and throws. The round trips of each path are
 * counted by {@code RoundTripIntegrationTest}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Threads(1)
public class ConflictBenchmark {
  /** No row ever has this version, so an update expecting it always conflicts. */
  static final long STALE_VERSION = 0;

  /** The reference: occ's success path on the same rows. */
  @Benchmark
  public RowVersion occSuccess(OccDefault contender, SpreadRows rows) throws Exception {
    return rows.slice().moveNext(contender::move, RowVersion::version);
  }

  /** occ's conflict path: UPDATE, re-read of the version, rollback, exception. */
  @Benchmark
  public long occConflict(OccDefault contender, SpreadRows rows) {
    RowSlice s = rows.slice();
    int slot = s.next();
    try {
      contender.move(s.id(slot), STALE_VERSION, s.nextStatus(slot));
    } catch (VersionConflictException e) {
      return e.actualVersion();
    }
    throw new IllegalStateException("a stale version was accepted");
  }

  /** As {@link #occConflict}, reading the whole row for the 409 body, as the example app does. */
  @Benchmark
  public @Nullable Map<String, @Nullable Object> occConflictWithCurrentRow(
      OccDefault contender, SpreadRows rows) {
    RowSlice s = rows.slice();
    int slot = s.next();
    try {
      contender
          .occ()
          .update(OccDefault.APPOINTMENTS)
          .set("status", s.nextStatus(slot))
          .whereId(s.id(slot))
          .expectVersion(STALE_VERSION)
          .fetchCurrentOnConflict()
          .execute();
    } catch (VersionConflictException e) {
      return e.currentRow();
    }
    throw new IllegalStateException("a stale version was accepted");
  }

  /** The same conflict path written by hand on JDBC: UPDATE, SELECT, rollback, no exception. */
  @Benchmark
  public long rawJdbcConflict(RawJdbc contender, SpreadRows rows) throws SQLException {
    RowSlice s = rows.slice();
    int slot = s.next();
    return contender.staleMove(s.id(slot), STALE_VERSION, s.nextStatus(slot));
  }
}
