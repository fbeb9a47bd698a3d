package dev.occ;

import org.jspecify.annotations.Nullable;

/**
 * A transient database error (deadlock, serialization failure, lock timeout) that occ did not or
 * could no longer retry: either the retry budget ran out at a transaction boundary occ owns, or the
 * statement ran inside the caller's transaction, which the caller must re-run as a whole.
 */
public final class TransientFailureException extends OccException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String sqlState;
  private final int vendorCode;
  private final int attempts;

  /**
   * Creates a transient-failure report.
   *
   * @param table the table the operation addressed
   * @param sqlState the SQLState of the last failure, if the driver gave one
   * @param vendorCode the vendor error code of the last failure
   * @param attempts how many attempts were made (1 when occ could not retry)
   * @param cause the last failure
   */
  public TransientFailureException(
      String table, @Nullable String sqlState, int vendorCode, int attempts, Throwable cause) {
    super(
        table,
        "Transient database failure on "
            + table
            + " (SQLState "
            + sqlState
            + ", vendor code "
            + vendorCode
            + ") after "
            + attempts
            + (attempts == 1 ? " attempt" : " attempts"),
        cause);
    this.sqlState = sqlState;
    this.vendorCode = vendorCode;
    this.attempts = attempts;
  }

  /** Returns the SQLState of the last failure, or {@code null} if the driver gave none. */
  public @Nullable String sqlState() {
    return sqlState;
  }

  /** Returns the vendor error code of the last failure. */
  public int vendorCode() {
    return vendorCode;
  }

  /** Returns how many attempts were made before giving up. */
  public int attempts() {
    return attempts;
  }
}
