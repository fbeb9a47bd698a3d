package dev.occ.bench;

import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * A benchmark thread's rows, spread over all 10,000 ids or hot on 10; see {@link RowSlice} for why
 * threads never share a row.
 */
@State(Scope.Thread)
public class ThreadRows {
  /** {@code spread} (10,000 ids) or {@code hot} (10 ids). */
  @Param({"spread", "hot"})
  public String rows = "spread";

  private @Nullable RowSlice slice;

  /** Takes this thread's share of the rows once the table exists. */
  @Setup(Level.Trial)
  public void setUp(BenchTable table, ThreadParams thread) throws SQLException {
    this.slice =
        RowSlice.forThread(
            table, RowSet.parse(rows), thread.getThreadIndex(), thread.getThreadCount());
  }

  /** Returns this thread's rows. */
  public RowSlice slice() {
    if (slice == null) {
      throw new IllegalStateException("not set up");
    }
    return slice;
  }
}
