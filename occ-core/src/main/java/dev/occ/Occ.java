package dev.occ;

import dev.occ.internal.RetryingTransactions;
import dev.occ.internal.SqlDialect;
import dev.occ.internal.Statements;
import io.github.resilience4j.retry.Retry;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jspecify.annotations.Nullable;

/**
 * The entry point: versioned writes on a {@link Jdbi}. Thread-safe; create one per database and
 * share it.
 *
 * <pre>{@code
 * Occ occ = Occ.create(jdbi);
 * RowVersion moved = occ.update(APPOINTMENTS)
 *     .set("status", "IN_PROGRESS")
 *     .whereId(42L)
 *     .expectVersion(41)
 *     .execute();            // moved.version() == 42
 * }</pre>
 *
 * <p>Each operation's {@code execute()} runs in a transaction occ owns and retries transient errors
 * by its {@link RetryPolicy}; {@code execute(handle)} joins the caller's handle and never retries.
 */
public final class Occ {
  private final Jdbi jdbi;
  private final RetryPolicy retryPolicy;
  private final OccListener listener;
  private final RetryingTransactions transactions;
  private final Statements statements;

  private Occ(Builder b) {
    this.jdbi = b.jdbi;
    this.retryPolicy = b.retryPolicy;
    this.listener = b.listener;
    this.transactions = new RetryingTransactions(b.jdbi, b.retryPolicy, b.listener, b.isolation);
    this.statements = new Statements(b.database == null ? null : SqlDialect.valueOf(b.database.name()));
  }

  /** Creates an instance with the default retry policy and no metrics. */
  public static Occ create(Jdbi jdbi) {
    return builder(jdbi).build();
  }

  /** Starts configuring an instance on the given Jdbi. */
  public static Builder builder(Jdbi jdbi) {
    return new Builder(jdbi);
  }

  /** Starts an update of one row of the table. */
  public UpdateRequest update(VersionedTable table) {
    return new UpdateRequest(this, table);
  }

  /** Starts an insert of one row into the table. */
  public InsertRequest insert(VersionedTable table) {
    return new InsertRequest(this, table);
  }

  /** Starts a delete of one row of the table. */
  public DeleteRequest delete(VersionedTable table) {
    return new DeleteRequest(this, table);
  }

  /** Starts a batch of versioned updates of rows of the table. */
  public BatchUpdateRequest batchUpdate(VersionedTable table) {
    return new BatchUpdateRequest(this, table);
  }

  /**
   * Starts an opt-in read-modify-write loop on one row: for changes that are safe to re-apply to a
   * fresher row (counters, merges), never for a user's decision based on what they saw.
   */
  public ModifyRequest modify(VersionedTable table, Object id) {
    return new ModifyRequest(this, table, id);
  }

  /**
   * Runs the callback in a transaction occ owns, re-running the whole callback on a transient
   * error; operations inside it should use {@code execute(handle)}.
   *
   * @throws TransientFailureException if a transient error outlasts the retry policy
   * @throws X what the callback throws
   */
  public <R, X extends Exception> R inTransaction(HandleCallback<R, X> callback) throws X {
    return transactions.inTransaction("transaction", callback);
  }

  /** Returns the Jdbi this instance writes through. */
  public Jdbi jdbi() {
    return jdbi;
  }

  /** Returns the retry policy for transient errors. */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** Returns the resilience4j Retry that re-runs transactions, e.g. to bind its metrics. */
  public Retry retry() {
    return transactions.retry();
  }

  /** Returns whether the failure is one this instance treats as transient. */
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

  /**
   * Calls work that begins and ends its own transaction — for frameworks that manage transactions
   * themselves, such as Spring's {@code @Transactional} — and calls it again after a transient
   * error, by this instance's policy, reporting each retry to the listener.
   *
   * @param table the table (or other label) retries are reported under when the failure names none
   * @throws TransientFailureException if a transient error outlasts the policy
   * @throws Exception what the work throws otherwise
   */
  public <R> R retryTransaction(String table, Callable<R> work) throws Exception {
    return transactions.retrying(table, work);
  }

  Statements statements() {
    return statements;
  }

  /** Runs an operation in its own retried transaction, reporting its outcome. */
  <R> R owned(VersionedTable t, Operation op, HandleCallback<R, RuntimeException> work) {
    return observed(t, op, () -> transactions.inTransaction(t.name(), work));
  }

  /** Runs work in its own retried transaction on behalf of the table, without reporting an outcome. */
  <R> R inTransaction(VersionedTable t, HandleCallback<R, RuntimeException> work) {
    return transactions.inTransaction(t.name(), work);
  }

  /** Runs an operation on the caller's handle, once, reporting its outcome. */
  <R> R joined(VersionedTable t, Operation op, Handle h, HandleCallback<R, RuntimeException> work) {
    return observed(t, op, () -> transactions.inCallerTransaction(t.name(), h, work));
  }

  <R> R observed(VersionedTable t, Operation op, Supplier<R> work) {
    long start = System.nanoTime();
    Outcome outcome = Outcome.ERROR;
    try {
      R result = work.get();
      outcome = Outcome.SUCCESS;
      return result;
    } catch (VersionConflictException e) {
      outcome = Outcome.CONFLICT;
      throw e;
    } catch (RowNotFoundException e) {
      outcome = Outcome.NOT_FOUND;
      throw e;
    } finally {
      listener.operationCompleted(t.name(), op, outcome, System.nanoTime() - start);
    }
  }

  /** The databases occ renders single-round-trip SQL for; others fall back to write-then-read. */
  public enum Database {
    /** PostgreSQL: {@code UPDATE … RETURNING}. */
    POSTGRESQL,
    /** H2: {@code SELECT … FROM FINAL TABLE (UPDATE …)}. */
    H2,
    /** Any other: the write, then a read of the locked row in the same transaction. */
    GENERIC
  }

  /** Builds an {@link Occ}; everything but the Jdbi is optional. */
  public static final class Builder {
    private final Jdbi jdbi;
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private OccListener listener = OccListener.NOOP;
    private @Nullable TransactionIsolationLevel isolation;
    private @Nullable Database database;

    private Builder(Jdbi jdbi) {
      if (jdbi == null) {
        throw new IllegalArgumentException("jdbi must not be null");
      }
      this.jdbi = jdbi;
    }

    /** Sets how transient errors are retried (default {@link RetryPolicy#DEFAULT}). */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = java.util.Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Sets who hears about operations and retries (default {@link OccListener#NOOP}). */
    public Builder listener(OccListener listener) {
      this.listener = java.util.Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Sets the isolation of the transactions occ opens (default: the connection's). */
    public Builder isolation(TransactionIsolationLevel level) {
      this.isolation = level;
      return this;
    }

    /** Fixes the database instead of detecting it from the first connection. */
    public Builder database(Database database) {
      this.database = database;
      return this;
    }

    /** Returns the configured, immutable instance. */
    public Occ build() {
      return new Occ(this);
    }
  }
}
