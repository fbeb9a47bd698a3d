package dev.occ.bench;

import java.sql.SQLException;
import java.util.function.ToLongFunction;

/**
 * One benchmark thread's own rows and the version it last wrote to each, so that every versioned
 * update it sends is expected to succeed. Threads get disjoint rows ({@code id % threads ==
 * thread}): two threads never race for one row, which keeps the success path a success path even in
 * the hot set. Not thread-safe: one per thread.
 */
public final class RowSlice {
  private final long[] ids;
  private final long[] versions;
  private int cursor;

  private RowSlice(long[] ids, long[] versions) {
    this.ids = ids;
    this.versions = versions;
  }

  /**
   * Takes this thread's share of the row set and reads the rows' current versions.
   *
   * @throws IllegalStateException if there are more threads than rows
   */
  public static RowSlice forThread(BenchTable table, RowSet rows, int threadIndex, int threadCount)
      throws SQLException {
    long[] ids = ids(rows, threadIndex, threadCount);
    return new RowSlice(ids, table.versions(ids));
  }

  /**
   * Returns the ids of the row set that belong to the thread: those with {@code (id - 1) %
   * threadCount == threadIndex}.
   *
   * @throws IllegalStateException if there are more threads than rows
   */
  public static long[] ids(RowSet rows, int threadIndex, int threadCount) {
    if (threadCount > rows.size()) {
      throw new IllegalStateException(
          rows + " has " + rows.size() + " rows; run at most that many threads");
    }
    long[] ids = new long[(rows.size() - threadIndex + threadCount - 1) / threadCount];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = 1L + threadIndex + (long) i * threadCount;
    }
    return ids;
  }

  /** Returns the next slot, round-robin over this thread's rows. */
  public int next() {
    int slot = cursor;
    cursor = slot + 1 == ids.length ? 0 : slot + 1;
    return slot;
  }

  /** Returns the row id in the slot. */
  public long id(int slot) {
    return ids[slot];
  }

  /** Returns the version this thread last saw for the slot's row. */
  public long version(int slot) {
    return versions[slot];
  }

  /** Returns a status different from the row's current one, derived from its version. */
  public String nextStatus(int slot) {
    // Consecutive versions map to consecutive statuses, so every write really moves the card.
    return BenchTable.STATUSES.get((int) (versions[slot] % BenchTable.STATUSES.size()));
  }

  /**
   * Records the version a write produced.
   *
   * @throws IllegalStateException if it is not the expected version + 1: a lost update in the
   *     success path means the benchmark measures something broken, so it stops
   */
  public void advance(int slot, long newVersion) {
    if (newVersion != versions[slot] + 1) {
      throw new IllegalStateException(
          "row " + ids[slot] + " went from version " + versions[slot] + " to " + newVersion);
    }
    versions[slot] = newVersion;
  }

  /**
   * Moves this thread's next row with the contender's write and records the version it produced.
   *
   * @throws IllegalStateException if the write did not produce the expected version + 1
   */
  public <R> R moveNext(Write<R> write, ToLongFunction<R> newVersion) throws Exception {
    int slot = next();
    R moved = write.move(ids[slot], versions[slot], nextStatus(slot));
    advance(slot, newVersion.applyAsLong(moved));
    return moved;
  }

  /** A contender's versioned write of one row. */
  @FunctionalInterface
  public interface Write<R> {
    /** Moves the row to the status if it still has the expected version. */
    R move(long id, long expectedVersion, String status) throws Exception;
  }
}
