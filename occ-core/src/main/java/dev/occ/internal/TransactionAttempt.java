package dev.occ.internal;

import org.jspecify.annotations.Nullable;

/**
 * What occ knows about the transaction of one attempt at a retry boundary: whether a transaction is
 * known to be under way (one occ began, or a framework's it was told of), whether COMMIT was sent,
 * the database's id of the transaction where a write handed it back, and the result that waits for
 * the commit. With these facts a lost connection can be told apart: before COMMIT it rolled
 * everything back (retry), after it the outcome has to be found out.
 *
 * <p>The attempt is bound to the thread for as long as the attempt runs; boundaries nest (an
 * occ-owned transaction inside a framework's retry boundary), and each sees its own.
 */
final class TransactionAttempt {
  private static final ThreadLocal<@Nullable TransactionAttempt> CURRENT = new ThreadLocal<>();

  private final @Nullable TransactionAttempt outer;
  private boolean tracked;
  private boolean frameworkBegan;
  private boolean commitSent;
  private @Nullable Long transactionId;
  private boolean hasResult;
  private @Nullable Object result;

  private TransactionAttempt(@Nullable TransactionAttempt outer, boolean tracked) {
    this.outer = outer;
    this.tracked = tracked;
  }

  /**
   * Binds a new attempt to the thread.
   *
   * @param owned whether occ itself begins the attempt's transaction (else a framework may, and
   *     says so through {@link #frameworkTransactionBegan()})
   */
  static TransactionAttempt begin(boolean owned) {
    TransactionAttempt attempt = new TransactionAttempt(CURRENT.get(), owned);
    CURRENT.set(attempt);
    return attempt;
  }

  /** Unbinds the attempt, putting back the enclosing boundary's. */
  void end() {
    if (outer == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(outer);
    }
  }

  /** Returns the attempt bound to the thread, if a retry boundary is running. */
  static @Nullable TransactionAttempt current() {
    return CURRENT.get();
  }

  /**
   * A framework began the attempt's transaction and will report its COMMIT. A second transaction in
   * one attempt (one after another, or one inside another) is more than the attempt follows: it
   * stops being tracked, and a lost connection is then reported as it is, not retried.
   */
  static void frameworkTransactionBegan() {
    TransactionAttempt attempt = CURRENT.get();
    if (attempt != null) {
      attempt.tracked = !attempt.frameworkBegan;
      attempt.frameworkBegan = true;
    }
  }

  /**
   * A framework's COMMIT succeeded: what fails after it in the same attempt may not be re-run (the
   * transaction would be applied twice), so the attempt stops being tracked.
   */
  static void frameworkCommitSucceeded() {
    TransactionAttempt attempt = CURRENT.get();
    if (attempt != null) {
      attempt.tracked = false;
    }
  }

  /** The transaction's COMMIT is about to be sent. */
  static void commitStarting() {
    TransactionAttempt attempt = CURRENT.get();
    if (attempt != null) {
      attempt.commitSent = true;
    }
  }

  /** A write handed back the id of the transaction it ran in. */
  static void transactionId(long id) {
    TransactionAttempt attempt = CURRENT.get();
    if (attempt != null) {
      attempt.transactionId = id;
    }
  }

  /** Keeps the result occ hands back if the transaction turns out to have committed. */
  void result(@Nullable Object value) {
    this.result = value;
    this.hasResult = true;
  }

  /** Whether occ knows when the attempt's transaction began and would know of its COMMIT. */
  boolean tracked() {
    return tracked;
  }

  /** Whether COMMIT was sent (or about to be) when the attempt failed. */
  boolean commitSent() {
    return commitSent;
  }

  @Nullable Long transactionId() {
    return transactionId;
  }

  boolean hasResult() {
    return hasResult;
  }

  @Nullable Object result() {
    return result;
  }
}
