package dev.occ;

import org.jspecify.annotations.Nullable;

/**
 * The connection was lost after COMMIT was sent, and occ could not prove whether the transaction
 * committed: the write may or may not have happened. It is neither a success nor an ordinary
 * failure, and it is never retried blindly.
 *
 * <p>On PostgreSQL occ asks the server, on a fresh connection, what became of the transaction
 * ({@code txid_status}) and answers with the truth when the server can tell: the result when it
 * committed, a retry when it rolled back. This exception is what remains: the database could not be
 * reached in time, or the engine keeps no such record (MariaDB, H2, others), or — in a framework's
 * transaction, whose method result occ never holds — it committed but its result is gone ({@link
 * #committed()}). A caller learns the outcome by reading the row again, or by repeating the request
 * with the same idempotency key.
 */
public final class OutcomeUnknownException extends OccException {
  private static final long serialVersionUID = 1L;

  private final @Nullable Long transactionId;
  private final @Nullable Boolean committed;

  /**
   * Creates an unknown-outcome report.
   *
   * @param table the table the transaction wrote (or another label when it names none)
   * @param transactionId the database's id of the transaction, if occ learned it
   * @param committed {@code TRUE} if occ proved the transaction committed but the work's result was
   *     lost with the connection (a framework's transaction), else {@code null}
   * @param cause the failure that cut the answer to COMMIT off
   */
  public OutcomeUnknownException(
      String table, @Nullable Long transactionId, @Nullable Boolean committed, Throwable cause) {
    super(
        table,
        Boolean.TRUE.equals(committed)
            ? "The connection was lost after COMMIT was sent; the transaction that wrote to "
                + table
                + " committed, but its result was lost"
            : "The connection was lost after COMMIT was sent; whether the write to "
                + table
                + " committed is unknown",
        cause);
    this.transactionId = transactionId;
    this.committed = committed;
  }

  /**
   * Returns {@code TRUE} when occ proved that the transaction committed, though the result the work
   * returned was lost with the connection (so occ could not hand it back); {@code null} when the
   * outcome is unknown. Never {@code FALSE}: a proven rollback is retried, not reported.
   */
  public @Nullable Boolean committed() {
    return committed;
  }

  /** Returns the database's id of the transaction (PostgreSQL's txid), if occ learned it. */
  public @Nullable Long transactionId() {
    return transactionId;
  }
}
