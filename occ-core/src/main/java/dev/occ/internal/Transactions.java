package dev.occ.internal;

import dev.occ.OccException;
import dev.occ.OccListener;
import dev.occ.OutcomeUnknownException;
import dev.occ.RetryPolicy;
import dev.occ.TransientFailureException;
import dev.occ.spi.CallerTransactions;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.extension.HandleSupplier;
import org.jdbi.v3.core.transaction.TransactionException;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jspecify.annotations.Nullable;

/**
 * Decides who owns the transaction an occ operation runs in, and re-runs whole transactions that
 * occ owns after a transient error, through a resilience4j {@link Retry}.
 *
 * <p>occ joins a transaction only when one was begun by someone who will end it: a framework's (the
 * {@link CallerTransactions} hook: Spring's, through the starter) or Jdbi's ({@code
 * inTransaction}/{@code useTransaction}, or a handle the caller began). There the work runs once
 * and a transient error becomes a {@link TransientFailureException} for the owner's boundary.
 * Otherwise occ begins a transaction itself — on a connection whose auto-commit is off as well as
 * on one whose auto-commit is on — and commits it before the operation returns, so an acknowledged
 * write is a committed one.
 */
public final class Transactions {
  /** SQLState 40003, statement completion unknown: CockroachDB's ambiguous COMMIT result. */
  private static final String AMBIGUOUS_RESULT = "40003";

  /** MySQL's and MariaDB's ER_LOCK_DEADLOCK, which Galera also reports for a lost certification. */
  private static final int MYSQL_DEADLOCK = 1213;

  /** The name of an {@code Occ}'s resilience4j Retry when the instance is not named. */
  public static final String DEFAULT_NAME = "occ";

  private final Jdbi jdbi;
  private final TransientErrors errors;
  private final OccListener listener;
  private final @Nullable TransactionIsolationLevel isolation;
  private final CallerTransactions callerTransactions;
  private final Retry retry;
  private final CommitOutcomes outcomes;

  /** Creates the runner; the resilience4j Retry is built once from the policy, under the name. */
  public Transactions(
      String name,
      Jdbi jdbi,
      RetryPolicy policy,
      OccListener listener,
      @Nullable TransactionIsolationLevel isolation,
      CallerTransactions callerTransactions) {
    this.jdbi = jdbi;
    this.errors = new TransientErrors(policy);
    this.listener = listener;
    this.isolation = isolation;
    this.callerTransactions = callerTransactions;
    this.outcomes = new CommitOutcomes(jdbi, policy.outcomeResolutionTimeout());
    this.retry =
        Retry.of(
            name,
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
      return ThreadLocalRandom.current()
          .nextLong(ceiling == Long.MAX_VALUE ? ceiling : ceiling + 1);
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
   * Runs the work where it belongs: once in a caller's transaction if one is active on this thread
   * (a framework's, or the one of the Jdbi handle the thread is inside), else in a transaction occ
   * begins and commits on a connection of its own, retried on a fresh connection after a transient
   * error.
   *
   * @throws TransientFailureException if a transient error outlasts the retries, or happens in a
   *     caller's transaction
   */
  public <R, X extends Exception> R run(String table, HandleCallback<R, X> work) throws X {
    if (callerTransactions.isActive()) {
      return jdbi.withHandle(h -> once(table, h, work));
    }
    HandleSupplier enclosing = jdbi.getHandleScope().get();
    if (enclosing != null) {
      return onHandle(table, enclosing.getHandle(), work);
    }
    return retryingOwned(
        table,
        () -> {
          try (Handle h = jdbi.open()) {
            return owned(h, work);
          }
        });
  }

  /**
   * Runs the work on the caller's handle: once, in the handle's transaction, if it is in one (or a
   * framework's transaction is active); else in a transaction occ begins and commits on that
   * handle, retried after a transient error.
   *
   * @throws TransientFailureException if a transient error outlasts the retries, or happens in the
   *     caller's transaction
   */
  public <R, X extends Exception> R onHandle(String table, Handle h, HandleCallback<R, X> work)
      throws X {
    if (callerTransactions.isActive() || h.isInTransaction()) {
      return once(table, h, work);
    }
    return retryingOwned(table, () -> owned(h, work));
  }

  /**
   * Runs the work once on the caller's handle; a transient error becomes a {@link
   * TransientFailureException} with one attempt, because only the caller can re-run its whole
   * transaction.
   */
  private <R, X extends Exception> R once(String table, Handle h, HandleCallback<R, X> work)
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

  /**
   * Begins a transaction on the handle's connection (whatever its auto-commit), runs the work,
   * commits, and puts auto-commit and isolation back as they were.
   */
  private <R, X extends Exception> R owned(Handle h, HandleCallback<R, X> work) throws X {
    Connection c = h.getConnection();
    ConnectionState state = ConnectionState.begin(c, isolation);
    try {
      R result = work.withHandle(h);
      TransactionAttempt attempt = TransactionAttempt.current();
      if (attempt != null) {
        attempt.result(result);
      }
      TransactionAttempt.commitStarting();
      commit(c);
      return result;
    } catch (Exception | Error e) {
      state.rollback(e);
      throw e;
    } finally {
      state.restore();
    }
  }

  private static void commit(Connection c) {
    try {
      c.commit();
    } catch (SQLException e) {
      throw new TransactionException("COMMIT failed", e);
    }
  }

  private <R, X extends Exception> R retryingOwned(String table, Callable<R> attempt) throws X {
    try {
      return retrying(table, attempt, true);
    } catch (Exception e) {
      throw Sneaky.<X>rethrow(e);
    }
  }

  /**
   * Calls the work, which must begin and end its own transaction, and calls it again after a
   * transient error, by the policy; retries are reported under the table of an inner {@link
   * TransientFailureException}, else under the given one.
   *
   * <p>A lost connection is retried only if occ knows the transaction's COMMIT was not sent yet (a
   * framework that reports its transactions through {@link #frameworkTransactionBegan()} and {@link
   * #commitStarting()}); after COMMIT was sent, the outcome is found out first.
   *
   * @throws TransientFailureException if a transient error outlasts the policy
   * @throws OutcomeUnknownException if the answer to COMMIT was lost and occ could not prove the
   *     outcome, or proved it committed but the work's result went with the connection
   * @throws Exception what the work throws otherwise
   */
  public <R> R retrying(String table, Callable<R> work) throws Exception {
    return retrying(table, work, false);
  }

  /** Tells the thread's retry boundary that a framework began the attempt's transaction. */
  public static void frameworkTransactionBegan() {
    TransactionAttempt.frameworkTransactionBegan();
  }

  /** Tells the thread's retry boundary that a framework's COMMIT succeeded. */
  public static void frameworkCommitSucceeded() {
    TransactionAttempt.frameworkCommitSucceeded();
  }

  /** Tells the thread's retry boundary that its transaction's COMMIT is about to be sent. */
  public static void commitStarting() {
    TransactionAttempt.commitStarting();
  }

  /** Tells the thread's retry boundary the id of the transaction a write ran in. */
  static void transactionId(long id) {
    TransactionAttempt.transactionId(id);
  }

  private <R> R retrying(String table, Callable<R> work, boolean owned) throws Exception {
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
            TransactionAttempt facts = TransactionAttempt.begin(owned);
            try {
              return work.call();
            } catch (Exception e) {
              Settled settled = settle(table, facts, e);
              if (settled.committed()) {
                @SuppressWarnings("unchecked")
                R result = (R) facts.result();
                return result;
              }
              last.set(settled.failure());
              throw settled.failure();
            } finally {
              facts.end();
            }
          });
    } catch (Exception e) {
      if (errors.isTransient(e)) {
        throw transientFailure(tableOf(e, table), e, attempts.get());
      }
      throw e;
    }
  }

  /**
   * Decides what a failed attempt means: a lost connection before COMMIT is retryable, after COMMIT
   * it is resolved (committed with its result, rolled back and retryable, or unknown), and a
   * serialization failure that COMMIT reported is a retryable certification failure.
   */
  private Settled settle(String table, TransactionAttempt facts, Exception e) {
    if (!facts.tracked() || e instanceof OccException) {
      // Untracked: occ cannot tell when it failed. OccException: an inner boundary decided.
      return Settled.failed(e);
    }
    if (!facts.commitSent()) {
      return TransientErrors.isConnectionLoss(e)
          ? Settled.failed(new RetryableFailure(TransientErrors.CONNECTION_LOST, e))
          : Settled.failed(e);
    }
    SQLException sql = TransientErrors.firstSqlException(e);
    if (sql != null && sql.getErrorCode() == MYSQL_DEADLOCK) {
      // InnoDB cannot deadlock at COMMIT: on a Galera node this is a lost certification, and the
      // transaction is already rolled back.
      return Settled.failed(new RetryableFailure(TransientErrors.CERTIFICATION_FAILURE, e));
    }
    if (sql != null && AMBIGUOUS_RESULT.equals(sql.getSQLState())) {
      // CockroachDB's "result is ambiguous": the server itself cannot say whether it committed.
      return Settled.failed(
          new OutcomeUnknownException(tableOf(e, table), facts.transactionId(), null, e));
    }
    if (!TransientErrors.isConnectionLoss(e) && TransientErrors.isServerAnswer(e)) {
      // The server answered COMMIT with an error (a serialization failure, a deferred
      // constraint): the transaction rolled back, and the error says why.
      return Settled.failed(e);
    }
    // COMMIT was sent and no answer came back: a lost connection, or a framework that replaced
    // the commit's error with that of a rollback on the broken connection (which carries no
    // SQLState). Ask the server.
    CommitOutcomes.Resolution resolution = outcomes.resolve(facts.transactionId());
    if (resolution == CommitOutcomes.Resolution.ROLLED_BACK) {
      return Settled.failed(new RetryableFailure(TransientErrors.CONNECTION_LOST, e));
    }
    if (resolution == CommitOutcomes.Resolution.COMMITTED && facts.hasResult()) {
      return Settled.COMMITTED;
    }
    return Settled.failed(
        new OutcomeUnknownException(
            tableOf(e, table),
            facts.transactionId(),
            resolution == CommitOutcomes.Resolution.COMMITTED ? Boolean.TRUE : null,
            e));
  }

  /** A failed attempt, decided: committed after all, or the failure to throw. */
  private record Settled(boolean committed, @Nullable Exception failure) {
    static final Settled COMMITTED = new Settled(true, null);

    static Settled failed(Exception e) {
      return new Settled(false, e);
    }

    @Override
    public Exception failure() {
      return java.util.Objects.requireNonNull(failure);
    }
  }

  private static String tableOf(Throwable failure, String fallback) {
    return failure instanceof TransientFailureException inner ? inner.table() : fallback;
  }

  private static TransientFailureException transientFailure(
      String table, Throwable e, int attempts) {
    if (e instanceof RetryableFailure retryable && retryable.getCause() != null) {
      return transientFailure(table, retryable.getCause(), attempts);
    }
    if (e instanceof TransientFailureException inner) {
      return new TransientFailureException(
          table,
          inner.sqlState(),
          inner.vendorCode(),
          attempts,
          inner.getCause() == null ? inner : inner.getCause());
    }
    SQLException sql = TransientErrors.firstSqlException(e);
    return new TransientFailureException(
        table,
        sql == null ? null : sql.getSQLState(),
        sql == null ? 0 : sql.getErrorCode(),
        attempts,
        e);
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
