package dev.occ.spi;

import static java.util.Objects.requireNonNull;

import dev.occ.Occ;
import dev.occ.TransientFailureException;
import dev.occ.internal.OccAccess;
import dev.occ.internal.Transactions;
import io.github.resilience4j.retry.Retry;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * What a framework integration needs of an {@link Occ} beyond what applications type: a retry
 * boundary around work that begins and ends its own transaction, occ's classification of transient
 * errors, and the resilience4j {@link Retry} for binding its metrics.
 */
public final class OccIntegration {
  private final Transactions transactions;

  private OccIntegration(Transactions transactions) {
    this.transactions = transactions;
  }

  /** Returns the integration view of the instance. */
  public static OccIntegration of(Occ occ) {
    return new OccIntegration(OccAccess.transactions(requireNonNull(occ, "occ")));
  }

  /**
   * Calls work that begins and ends its own transaction — Spring's {@code @Transactional}, for one
   * — and calls it again after a transient error, by the instance's policy, reporting each retry to
   * its listeners.
   *
   * @param table the table (or other label) retries are reported under when the failure names none
   * @throws TransientFailureException if a transient error outlasts the policy
   * @throws dev.occ.OutcomeUnknownException if the connection was lost after COMMIT was sent and
   *     occ could not prove the outcome, or proved it committed (the work's result is lost)
   * @throws Exception what the work throws otherwise
   */
  public <R> R retryTransaction(String table, Callable<R> work) throws Exception {
    return transactions.retrying(table, work);
  }

  /**
   * Tells the retry boundary running on this thread ({@link #retryTransaction}) that the framework
   * began the attempt's transaction and will call {@link #commitStarting()} before it sends COMMIT.
   * Only then does the boundary retry a lost connection: before COMMIT it rolled everything back;
   * after it, the boundary first finds out whether the transaction committed. Without these calls a
   * lost connection is not retried. Does nothing where no boundary runs.
   */
  public static void transactionBegan() {
    Transactions.frameworkTransactionBegan();
  }

  /**
   * Tells the retry boundary running on this thread that the framework is about to send the
   * attempt's COMMIT (see {@link #transactionBegan()}). Does nothing where no boundary runs.
   */
  public static void commitStarting() {
    Transactions.commitStarting();
  }

  /**
   * Tells the retry boundary running on this thread that the framework's COMMIT succeeded; what
   * fails afterwards in the same attempt is never re-run. Does nothing where no boundary runs.
   */
  public static void commitSucceeded() {
    Transactions.frameworkCommitSucceeded();
  }

  /** Returns whether the instance treats the failure as transient. */
  public boolean isTransient(Throwable failure) {
    return transactions.errors().isTransient(failure);
  }

  /**
   * Returns why the failure is transient ({@code deadlock}, {@code serialization_failure}, …), or
   * {@code null} if it is not.
   */
  public @Nullable String transientReason(Throwable failure) {
    return transactions.errors().reason(failure);
  }

  /** Returns the resilience4j Retry that re-runs the instance's transactions. */
  public Retry retry() {
    return transactions.retry();
  }
}
