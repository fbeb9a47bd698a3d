package dev.occ.internal;

import dev.occ.OccListener;
import dev.occ.RetryPolicy;
import dev.occ.TransientFailureException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jspecify.annotations.Nullable;

/**
 * Runs work in a transaction and re-runs the whole transaction on a transient error, through a
 * resilience4j {@link Retry} — but only when occ owns the transaction. Work on a handle that is
 * already in a transaction (the caller's, or a Spring-managed one) runs once; a transient error
 * there becomes a {@link TransientFailureException} for the caller's own boundary to handle.
 */
public final class RetryingTransactions {
  /** The name of occ's resilience4j Retry, as it appears in resilience4j's metrics. */
  public static final String RETRY_NAME = "occ";

  private final Jdbi jdbi;
  private final RetryPolicy policy;
  private final TransientErrors errors;
  private final OccListener listener;
  private final @Nullable TransactionIsolationLevel isolation;
  private final Retry retry;

  /** Creates the runner; the resilience4j Retry is built once from the policy. */
  public RetryingTransactions(
      Jdbi jdbi,
      RetryPolicy policy,
      OccListener listener,
      @Nullable TransactionIsolationLevel isolation) {
    this.jdbi = jdbi;
    this.policy = policy;
    this.errors = new TransientErrors(policy);
    this.listener = listener;
    this.isolation = isolation;
    this.retry =
        Retry.of(
            RETRY_NAME,
            RetryConfig.custom()
                .maxAttempts(policy.maxAttempts())
                .intervalFunction(fullJitter(policy))
                .retryOnException(errors::isTransient)
                .build());
  }

  /** Full jitter: resilience4j numbers retries from 1, the policy's ceilings from 0. */
  static IntervalFunction fullJitter(RetryPolicy policy) {
    return attempt -> {
      long ceiling = policy.delayCeilingMillis(attempt - 1);
      // The bound is exclusive; ceiling + 1 would overflow when the cap is Long.MAX_VALUE ms.
      return ThreadLocalRandom.current().nextLong(ceiling == Long.MAX_VALUE ? ceiling : ceiling + 1);
    };
  }

  /** Returns the resilience4j Retry, for binding its metrics or listening to its events. */
  public Retry retry() {
    return retry;
  }

  /** Returns the transient-error classifier in use. */
  public TransientErrors errors() {
    return errors;
  }

  /**
   * Runs the work in a transaction occ owns, retrying transient errors; if the handle it opens
   * already takes part in a transaction, runs it there once instead.
   *
   * @throws TransientFailureException if a transient error outlasts the retries
   */
  public <R, X extends Exception> R inTransaction(String table, HandleCallback<R, X> work) throws X {
    try (Handle h = jdbi.open()) {
      if (h.isInTransaction()) {
        return inCallerTransaction(table, h, work);
      }
      return retrying(table, h, work);
    }
  }

  /**
   * Runs the work once on the caller's handle; a transient error becomes a {@link
   * TransientFailureException} with one attempt, because only the caller can re-run its whole
   * transaction.
   */
  public <R, X extends Exception> R inCallerTransaction(String table, Handle h, HandleCallback<R, X> work)
      throws X {
    try {
      return work.withHandle(h);
    } catch (TransientFailureException e) {
      throw e;
    } catch (RuntimeException e) {
      if (errors.isTransient(e)) {
        throw transientFailure(table, e, 1);
      }
      throw e;
    }
  }

  private <R, X extends Exception> R retrying(String table, Handle h, HandleCallback<R, X> work)
      throws X {
    try {
      return retrying(table, () -> isolation == null ? h.inTransaction(work) : h.inTransaction(isolation, work));
    } catch (Exception e) {
      throw Sneaky.<X>rethrow(e);
    }
  }

  /**
   * Calls the work, which must begin and end its own transaction, and calls it again after a
   * transient error, by the policy; retries are reported under the table of an inner {@link
   * TransientFailureException}, else under the given one.
   *
   * @throws TransientFailureException if a transient error outlasts the policy
   * @throws Exception what the work throws otherwise
   */
  public <R> R retrying(String table, Callable<R> work) throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    AtomicReference<@Nullable Exception> last = new AtomicReference<>();
    try {
      return retry.executeCallable(
          () -> {
            int attempt = attempts.incrementAndGet();
            Exception previous = last.get();
            String reason = previous == null ? null : errors.reason(previous);
            if (previous != null && reason != null) {
              listener.retrying(tableOf(previous, table), reason, attempt);
            }
            try {
              return work.call();
            } catch (Exception e) {
              last.set(e);
              throw e;
            }
          });
    } catch (Exception e) {
      if (errors.isTransient(e)) {
        throw transientFailure(tableOf(e, table), e, attempts.get());
      }
      throw e;
    }
  }

  private static String tableOf(Throwable failure, String fallback) {
    return failure instanceof TransientFailureException inner ? inner.table() : fallback;
  }

  private static TransientFailureException transientFailure(String table, Throwable e, int attempts) {
    if (e instanceof TransientFailureException inner) {
      return new TransientFailureException(
          table, inner.sqlState(), inner.vendorCode(), attempts, inner.getCause() == null ? inner : inner.getCause());
    }
    SQLException sql = TransientErrors.firstSqlException(e);
    return new TransientFailureException(
        table, sql == null ? null : sql.getSQLState(), sql == null ? 0 : sql.getErrorCode(), attempts, e);
  }

  /** Rethrows a checked exception that the callback declared, without wrapping it. */
  static final class Sneaky {
    private Sneaky() {}

    @SuppressWarnings("unchecked")
    static <X extends Exception> RuntimeException rethrow(Exception e) throws X {
      throw (X) e;
    }
  }
}
