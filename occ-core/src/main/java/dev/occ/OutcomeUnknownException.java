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
 * reached in time, or the engine keeps no such record (MariaDB, H2, others). A caller learns the
 * outcome by reading the row again, or by repeating the request with the same idempotency key.
 */
public final class OutcomeUnknownException extends OccException {
  private static final long serialVersionUID = 1L;

  private final @Nullable Long transactionId;

  /**
   * Creates an unknown-outcome report.
   *
   * @param table the table the transaction wrote (or another label when it names none)
   * @param transactionId the database's id of the transaction, if occ learned it
   * @param cause the failure that cut the answer to COMMIT off
   */
  public OutcomeUnknownException(String table, @Nullable Long transactionId, Throwable cause) {
    super(
        table,
        "The connection was lost after COMMIT was sent; whether the write to "
            + table
            + " committed is unknown",
        cause);
    this.transactionId = transactionId;
  }

  /** Returns the database's id of the transaction (PostgreSQL's txid), if occ learned it. */
  public @Nullable Long transactionId() {
    return transactionId;
  }
}
