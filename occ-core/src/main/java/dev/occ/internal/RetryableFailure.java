package dev.occ.internal;

/**
 * A failure that {@link Transactions} found safe to retry for a reason its SQLState alone does not
 * tell: a connection lost before COMMIT was sent (everything rolled back with it), or a
 * serialization failure reported by COMMIT itself (a lost certification on a Galera cluster). It
 * carries the reason for {@code occ.retries}; the original failure is its cause.
 */
final class RetryableFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  RetryableFailure(String reason, Throwable cause) {
    super(reason + ": " + cause, cause, false, false);
    this.reason = reason;
  }

  String reason() {
    return reason;
  }
}
