package dev.occ;

import java.util.Locale;

/**
 * The kind of versioned operation, as reported to an {@link OccListener} and an {@link
 * OccObserver}.
 */
public enum Operation {
  /** A versioned update of one row. */
  UPDATE,
  /** An insert that gives the row its initial version. */
  INSERT,
  /** A delete that checks the expected version. */
  DELETE,
  /** Many versioned updates sent as one JDBC batch. */
  BATCH_UPDATE,
  /** A read-modify-write loop around a versioned update. */
  MODIFY,
  /**
   * A callback run through {@link Occ#inTransaction}: seen by an {@link OccObserver} only, never
   * reported to {@link OccListener#operationCompleted}, so the {@code occ.update} timer keeps
   * counting single writes.
   */
  TRANSACTION;

  /** Returns the lower-case name used as a metric tag. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
