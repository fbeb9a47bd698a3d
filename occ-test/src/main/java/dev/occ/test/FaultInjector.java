package dev.occ.test;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Makes a real database look like it is failing: statements whose SQL matches a pattern fail with
 * the SQLState and vendor code of your choice, and connections drop just before or just after
 * COMMIT. Wrap the {@link DataSource} your code under test uses, arm faults, run the code, and
 * assert on what it did and on the counters here. Works with any JDBC driver; thread-safe.
 *
 * <pre>{@code
 * FaultInjector faults = FaultInjector.create();
 * DataSource dataSource = faults.wrap(realDataSource);
 * InjectedFault deadlock = faults.failStatements("(?i)^update accounts").times(1)
 *     .with(SqlFailure.postgresDeadlock());
 * service.transfer(...);                       // must retry once and succeed
 * assertThat(deadlock.injected()).isEqualTo(1);
 * assertThat(deadlock.matched()).isEqualTo(2);  // the UPDATE ran twice: the retry happened
 * }</pre>
 *
 * <h2>What a statement failure leaves behind</h2>
 *
 * The failure is thrown at execution ({@code execute}, {@code executeQuery}, {@code executeUpdate},
 * {@code executeBatch}), <em>before</em> the statement reaches the database: the database never
 * sees it. The transaction is left as it was: still open, holding what earlier statements did. This
 * is what MySQL and MariaDB leave after a lock wait timeout (1205: only the statement is rolled
 * back). It is milder than PostgreSQL, whose transaction after any error is aborted and refuses
 * further statements until it is rolled back, and than a MySQL/MariaDB deadlock (1213) or a Galera
 * certification failure, which roll the whole transaction back: ask for that with {@link
 * StatementFailureSpec#rollingBackTransaction()}. Code that handles a failure correctly rolls back
 * either way; code that swallows the error and commits would pass here but not on PostgreSQL.
 * Batches fail with a {@link java.sql.BatchUpdateException} carrying the SQLState and vendor code.
 *
 * <h2>Dropped connections</h2>
 *
 * {@link #dropConnectionBeforeCommit()}: instead of sending COMMIT, the physical connection is
 * aborted and closed, and {@code commit()} throws a {@link
 * java.sql.SQLNonTransientConnectionException} with SQLState {@code 08006}; the server rolls the
 * transaction back when the session ends. {@link #dropConnectionAfterCommit()}: COMMIT is sent and
 * succeeds, then the connection is aborted and closed and the same exception is thrown: the write
 * is durable, but its caller cannot know. In auto-commit mode each statement commits by itself and
 * counts as a COMMIT (before: it never runs; after: it runs and its result is lost). To drop
 * <em>physical</em> connections, wrap the driver's DataSource that your pool draws from (HikariCP:
 * {@code config.setDataSource(faults.wrap(driverDs))}), not the pool: closing a pooled connection
 * only returns it.
 *
 * <p>The SQL a pattern sees is what the driver receives (Jdbi's named parameters are already {@code
 * ?}); a pattern matches if it is found anywhere in it ({@link java.util.regex.Matcher#find()}), so
 * anchor it ({@code ^}) and use {@code (?i)} as needed. When several faults match one execution,
 * the first armed one with budget left fires; each of them counts the match.
 */
public final class FaultInjector {
  private final List<InjectedFault> faults = new CopyOnWriteArrayList<>();
  private final @Nullable Supplier<? extends @Nullable DataSource> target;
  private final AtomicLong statementFailures = new AtomicLong();
  private final AtomicLong droppedBeforeCommit = new AtomicLong();
  private final AtomicLong droppedAfterCommit = new AtomicLong();
  private volatile @Nullable DataSource wrappedTarget;
  private volatile boolean lenient;

  private FaultInjector(@Nullable Supplier<? extends @Nullable DataSource> target) {
    this.target = target;
  }

  /** Creates an injector with no faults armed; wrap data sources or connections with it. */
  public static FaultInjector create() {
    return new FaultInjector(null);
  }

  /** Creates an injector bound to the data source, which {@link #dataSource()} returns wrapped. */
  public static FaultInjector forDataSource(DataSource dataSource) {
    requireNonNull(dataSource, "dataSource");
    return new FaultInjector(() -> dataSource);
  }

  /** An injector whose data source is looked up when first asked for (the JUnit extension's). */
  static FaultInjector forTarget(Supplier<? extends @Nullable DataSource> target) {
    return new FaultInjector(target);
  }

  /** Returns a data source whose connections go through this injector. */
  public DataSource wrap(DataSource dataSource) {
    requireNonNull(dataSource, "dataSource");
    if (dataSource instanceof FaultyDataSource faulty && faulty.injector() == this) {
      return dataSource;
    }
    return new FaultyDataSource(this, dataSource);
  }

  /** Returns a connection whose statements and COMMITs go through this injector. */
  public Connection wrap(Connection connection) {
    return FaultyConnection.wrap(this, requireNonNull(connection, "connection"));
  }

  /**
   * Returns the data source this injector is bound to ({@link #forDataSource}, or the test's {@link
   * FaultTarget} field under {@link OccTestExtension}), wrapped; the same object each time.
   *
   * @throws IllegalStateException if the injector is bound to none, or the field holds none
   */
  public DataSource dataSource() {
    DataSource wrapped = wrappedTarget;
    if (wrapped != null) {
      return wrapped;
    }
    synchronized (this) {
      if (wrappedTarget == null) {
        if (target == null) {
          throw new IllegalStateException(
              "This FaultInjector is bound to no DataSource: use wrap(dataSource), create it with"
                  + " FaultInjector.forDataSource(dataSource), or, under OccTestExtension, annotate"
                  + " a DataSource field of the test class with @FaultTarget.");
        }
        DataSource real = target.get();
        if (real == null) {
          throw new IllegalStateException(
              "The @FaultTarget field holds no DataSource yet: assign it before the test asks for"
                  + " faults.dataSource() (a field initializer, @BeforeAll or an earlier @BeforeEach).");
        }
        wrappedTarget = wrap(real);
      }
      return requireNonNull(wrappedTarget);
    }
  }

  /**
   * Starts a statement failure for statements whose SQL matches the regular expression.
   *
   * @throws java.util.regex.PatternSyntaxException if the expression is malformed
   */
  public StatementFailureSpec failStatements(String regex) {
    return failStatements(Pattern.compile(regex));
  }

  /** Starts a statement failure for statements whose SQL matches the pattern. */
  public StatementFailureSpec failStatements(Pattern pattern) {
    return new StatementFailureSpec(this, requireNonNull(pattern, "pattern"));
  }

  /**
   * Starts a fault that drops the connection instead of sending COMMIT (the transaction rolls
   * back).
   */
  public CommitFaultSpec dropConnectionBeforeCommit() {
    return new CommitFaultSpec(this, InjectedFault.Kind.DROP_BEFORE_COMMIT);
  }

  /** Starts a fault that drops the connection after COMMIT succeeded (the answer is lost). */
  public CommitFaultSpec dropConnectionAfterCommit() {
    return new CommitFaultSpec(this, InjectedFault.Kind.DROP_AFTER_COMMIT);
  }

  /** Returns the faults armed so far, in the order they were armed. */
  public List<InjectedFault> faults() {
    return List.copyOf(faults);
  }

  /** Returns how many faults fired in all. */
  public long injected() {
    return statementFailures.get() + droppedBeforeCommit.get() + droppedAfterCommit.get();
  }

  /** Returns how many statements were failed. */
  public long statementFailures() {
    return statementFailures.get();
  }

  /** Returns how many connections were dropped instead of sending COMMIT. */
  public long connectionsDroppedBeforeCommit() {
    return droppedBeforeCommit.get();
  }

  /** Returns how many connections were dropped after a successful COMMIT. */
  public long connectionsDroppedAfterCommit() {
    return droppedAfterCommit.get();
  }

  /** Disarms every fault; the counters keep what happened. */
  public void disarmAll() {
    faults.forEach(InjectedFault::disarm);
  }

  /**
   * Stops {@link OccTestExtension} from failing a test whose faults did not all fire; {@link
   * #verifyAllInjected()} still checks when called.
   */
  public FaultInjector lenient() {
    this.lenient = true;
    return this;
  }

  /** Returns whether {@link #lenient()} was called. */
  public boolean isLenient() {
    return lenient;
  }

  /**
   * Checks that every armed fault did all it was armed to do (see {@link InjectedFault#isDone()}):
   * a fault that never fired usually means a pattern that matches nothing, and a test that proves
   * nothing.
   *
   * @throws AssertionError naming each fault that is not done
   */
  public void verifyAllInjected() {
    List<String> pending = new ArrayList<>();
    for (InjectedFault f : faults) {
      if (!f.isDone()) {
        pending.add(f.toString());
      }
    }
    if (!pending.isEmpty()) {
      throw new AssertionError(
          "Armed faults did not fire as often as planned (a pattern that matches nothing, or code"
              + " that stopped trying early; disarm() a fault that may stay unused):\n  "
              + String.join("\n  ", pending));
    }
  }

  @Override
  public String toString() {
    return "FaultInjector[faults="
        + faults.size()
        + ", statementFailures="
        + statementFailures.get()
        + ", droppedBeforeCommit="
        + droppedBeforeCommit.get()
        + ", droppedAfterCommit="
        + droppedAfterCommit.get()
        + "]";
  }

  InjectedFault arm(InjectedFault fault) {
    faults.add(fault);
    return fault;
  }

  /** Fires the statement failure for an execution of the SQL, if one is due. */
  @Nullable InjectedFault statementFault(List<String> sql) {
    InjectedFault fired =
        fire(f -> f.kind() == InjectedFault.Kind.STATEMENT_FAILURE && matchesAny(f, sql));
    if (fired != null) {
      statementFailures.incrementAndGet();
    }
    return fired;
  }

  /**
   * Whether any COMMIT fault may still fire, so that connections need to follow their transactions.
   */
  boolean commitFaultsPending() {
    for (InjectedFault f : faults) {
      if (f.kind() != InjectedFault.Kind.STATEMENT_FAILURE && f.isArmed() && f.remaining() > 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Remembers, for the connection's transaction, the COMMIT faults whose pattern the SQL matches.
   */
  void noteTransactionStatement(List<String> sql, Set<InjectedFault> ranInTransaction) {
    for (InjectedFault f : faults) {
      if (f.kind() != InjectedFault.Kind.STATEMENT_FAILURE
          && f.pattern() != null
          && matchesAny(f, sql)) {
        ranInTransaction.add(f);
      }
    }
  }

  /** Fires the COMMIT fault due for a transaction that ran the remembered statements, if any. */
  @Nullable InjectedFault commitFault(Set<InjectedFault> ranInTransaction) {
    return countDrop(
        fire(
            f ->
                f.kind() != InjectedFault.Kind.STATEMENT_FAILURE
                    && (f.pattern() == null || ranInTransaction.contains(f))));
  }

  /** Fires the COMMIT fault due for a statement that commits by itself (auto-commit), if any. */
  @Nullable InjectedFault autoCommitFault(List<String> sql) {
    return countDrop(
        fire(f -> f.kind() != InjectedFault.Kind.STATEMENT_FAILURE && matchesAny(f, sql)));
  }

  private @Nullable InjectedFault countDrop(@Nullable InjectedFault fired) {
    if (fired != null) {
      (fired.kind() == InjectedFault.Kind.DROP_BEFORE_COMMIT
              ? droppedBeforeCommit
              : droppedAfterCommit)
          .incrementAndGet();
    }
    return fired;
  }

  /** Fires the first eligible fault with budget left; every other eligible one counts the match. */
  private @Nullable InjectedFault fire(Predicate<InjectedFault> eligible) {
    InjectedFault fired = null;
    for (InjectedFault f : faults) {
      if (!f.isArmed() || !eligible.test(f)) {
        continue;
      }
      if (fired != null) {
        f.countMatch();
      } else if (f.claim()) {
        fired = f;
      }
    }
    return fired;
  }

  private static boolean matchesAny(InjectedFault f, List<String> sql) {
    if (sql.isEmpty()) {
      return f.pattern() == null;
    }
    for (String s : sql) {
      if (f.matches(s)) {
        return true;
      }
    }
    return false;
  }
}
