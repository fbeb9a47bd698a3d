package dev.occ.bench;

import java.util.Locale;

/** Which rows a benchmark writes: all seeded rows, or a small hot set. */
public enum RowSet {
  /** Ids 1 to {@link BenchTable#ROWS}: writes rarely touch the same page twice in a row. */
  SPREAD(BenchTable.ROWS),
  /** Ids 1 to {@link BenchTable#HOT_ROWS}: every write lands on the same few rows and pages. */
  HOT(BenchTable.HOT_ROWS);

  private final int size;

  RowSet(int size) {
    this.size = size;
  }

  /** Returns how many rows the set has. */
  public int size() {
    return size;
  }

  /** Parses a JMH parameter value ({@code spread} or {@code hot}). */
  public static RowSet parse(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
