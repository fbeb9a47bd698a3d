package dev.occ;

import static java.util.Objects.requireNonNull;

import dev.occ.internal.BatchWriter;
import dev.occ.internal.DialectRef;
import dev.occ.internal.Identifiers;
import dev.occ.internal.ObservedOperations;
import dev.occ.internal.OccAccess;
import dev.occ.internal.RowWriter;
import dev.occ.internal.SafeListeners;
import dev.occ.internal.Transactions;
import dev.occ.spi.CallerTransactions;
import java.util.ArrayList;
import java.util.List;
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
 * <p>Transactions: {@code execute()} joins a transaction that its caller began and will end
 * (Spring's, through the starter; Jdbi's {@code inTransaction}; a handle in a transaction) and
 * otherwise begins one itself and commits it before returning, retrying transient errors by its
 * {@link RetryPolicy}. {@code execute(handle)} does the same on the given handle.
 */
public final class Occ {
  static {
    OccAccess.register(occ -> occ.transactions);
  }

  /**
   * The table name an {@link #inTransaction} callback is observed and its retries counted under.
   */
  private static final String TRANSACTION = "transaction";

  private final String name;
  private final Jdbi jdbi;
  private final RetryPolicy retryPolicy;
  private final OccListener listener;
  private final ObservedOperations observers;
  private final Transactions transactions;
  private final RowWriter rows;
  private final BatchWriter batches;

  private Occ(Builder b) {
    this.name = b.name;
    this.jdbi = b.jdbi;
    this.retryPolicy = b.retryPolicy;
    this.observers = ObservedOperations.of(b.observer);
    List<OccListener> listeners = new ArrayList<>(b.listeners);
    if (observers.active()) {
      listeners.add(observers); // hands each retry to the operation it re-runs
    }
    this.listener = SafeListeners.of(listeners);
    this.transactions =
        new Transactions(
            b.name, b.jdbi, b.retryPolicy, listener, b.isolation, b.callerTransactions);
    DialectRef dialect = new DialectRef(b.name, b.database);
    this.rows = new RowWriter(dialect);
    this.batches = new BatchWriter(dialect);
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
   * Runs the callback in a transaction — the caller's if one is active, else one occ begins,
   * commits, and re-runs whole on a transient error; operations inside it should use {@code
   * execute(handle)}.
   *
   * @throws TransientFailureException if a transient error outlasts the retry policy
   * @throws X what the callback throws
   */
  public <R, X extends Exception> R inTransaction(HandleCallback<R, X> callback) throws X {
    return observed(
        TRANSACTION, Operation.TRANSACTION, false, () -> transactions.run(TRANSACTION, callback));
  }

  /** Returns this instance's name (its resilience4j Retry's name too). */
  public String name() {
    return name;
  }

  /** Returns the Jdbi this instance writes through. */
  public Jdbi jdbi() {
    return jdbi;
  }

  /** Returns the retry policy for transient errors. */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  @Override
  public String toString() {
    return "Occ[" + name + "]";
  }

  RowWriter rows() {
    return rows;
  }

  BatchWriter batches() {
    return batches;
  }

  /** Runs an operation where it belongs (see the class comment), reporting its outcome. */
  <R> R run(VersionedTable t, Operation op, HandleCallback<R, RuntimeException> work) {
    return observed(t, op, () -> transactions.run(t.name(), work));
  }

  /** Runs work where it belongs on behalf of the table, without reporting an outcome. */
  <R> R inTransaction(VersionedTable t, HandleCallback<R, RuntimeException> work) {
    return transactions.run(t.name(), work);
  }

  /** Runs an operation on the caller's handle, reporting its outcome. */
  <R> R onHandle(
      VersionedTable t, Operation op, Handle h, HandleCallback<R, RuntimeException> work) {
    return observed(t, op, () -> transactions.onHandle(t.name(), h, work));
  }

  <R> R observed(VersionedTable t, Operation op, Supplier<R> work) {
    return observed(t.name(), op, true, work::get);
  }

  /**
   * Runs the work under the observer; {@code report}: whether listeners hear its outcome too (not
   * for {@link #inTransaction}, which is no single write).
   */
  private <R, X extends Exception> R observed(
      String table, Operation op, boolean report, Work<R, X> work) throws X {
    ObservedOperations.Frame frame = observers.start(table, op);
    long start = System.nanoTime();
    Outcome outcome = Outcome.ERROR;
    Throwable failure = null;
    try {
      R result = work.get();
      outcome = Outcome.SUCCESS;
      return result;
    } catch (VersionConflictException e) {
      outcome = Outcome.CONFLICT;
      failure = e;
      throw e;
    } catch (RowNotFoundException e) {
      outcome = Outcome.NOT_FOUND;
      failure = e;
      throw e;
    } catch (OutcomeUnknownException e) {
      outcome = Outcome.UNKNOWN;
      failure = e;
      throw e;
    } catch (Throwable e) {
      failure = e;
      throw e;
    } finally {
      if (report) {
        listener.operationCompleted(table, op, outcome, System.nanoTime() - start);
      }
      observers.stop(frame, outcome, failure);
    }
  }

  /** Work that may throw the checked exception of an {@link #inTransaction} callback. */
  @FunctionalInterface
  private interface Work<R, X extends Exception> {
    R get() throws X;
  }

  /** Builds an {@link Occ}; everything but the Jdbi is optional. */
  public static final class Builder {
    private final Jdbi jdbi;
    private String name = Transactions.DEFAULT_NAME;
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private final List<OccListener> listeners = new ArrayList<>();
    private OccObserver observer = OccObserver.NOOP;
    private @Nullable TransactionIsolationLevel isolation;
    private @Nullable Database database;
    private CallerTransactions callerTransactions = CallerTransactions.NONE;

    private Builder(Jdbi jdbi) {
      if (jdbi == null) {
        throw new IllegalArgumentException("jdbi must not be null");
      }
      this.jdbi = jdbi;
    }

    /**
     * Names the instance (default {@code occ}): its resilience4j Retry and its log lines carry the
     * name, so two instances in one application must have different names.
     *
     * @throws IllegalArgumentException if the name is not a plain identifier
     */
    public Builder name(String name) {
      this.name = Identifiers.column("occ name", name);
      return this;
    }

    /** Sets how transient errors are retried (default {@link RetryPolicy#DEFAULT}). */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Adds a listener of operations and retries. Listeners are called in the order added; one that
     * throws is logged and skipped, never allowed to change an operation's outcome.
     */
    public Builder listener(OccListener listener) {
      this.listeners.add(requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Sets what wraps each operation from start to end, retries included, e.g. {@code
     * MicrometerOccObserver} for tracing (default {@link OccObserver#NOOP}). One that throws is
     * logged and ignored, like a listener.
     */
    public Builder observer(OccObserver observer) {
      this.observer = requireNonNull(observer, "observer");
      return this;
    }

    /** Sets the isolation of the transactions occ begins (default: the connection's). */
    public Builder isolation(TransactionIsolationLevel level) {
      this.isolation = level;
      return this;
    }

    /** Fixes the database instead of detecting it from the first connection. */
    public Builder database(Database database) {
      this.database = requireNonNull(database, "database");
      return this;
    }

    /**
     * Tells occ how to recognise a transaction that a framework began on this thread (the Spring
     * Boot starter sets this); default: none, only Jdbi's own transactions count.
     */
    public Builder callerTransactions(CallerTransactions callerTransactions) {
      this.callerTransactions = requireNonNull(callerTransactions, "callerTransactions");
      return this;
    }

    /** Returns the configured, immutable instance. */
    public Occ build() {
      return new Occ(this);
    }
  }
}
