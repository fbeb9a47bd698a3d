package dev.occ.bench;

import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * A thread's rows spread over all 10,000 ids, for benchmarks that measure occ's own costs and want
 * no row contention to blur them.
 */
@State(Scope.Thread)
public class SpreadRows {
  private @Nullable RowSlice slice;

  /** Takes this thread's share of the rows once the table exists. */
  @Setup(Level.Trial)
  public void setUp(BenchTable table, ThreadParams thread) throws SQLException {
    this.slice =
        RowSlice.forThread(table, RowSet.SPREAD, thread.getThreadIndex(), thread.getThreadCount());
  }

  /** Returns this thread's rows. */
  public RowSlice slice() {
    if (slice == null) {
      throw new IllegalStateException("not set up");
    }
    return slice;
  }
}
