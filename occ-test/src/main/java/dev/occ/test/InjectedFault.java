package dev.occ.test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One fault armed on a {@link FaultInjector}, with counters of what it did. Thread-safe: any number
 * of connections may hit it at once, and it fires exactly as often as it was told to.
 */
public final class InjectedFault {
  /** What the fault does. */
  public enum Kind {
    /** A matching statement fails with a {@link SqlFailure} before it reaches the database. */
    STATEMENT_FAILURE,
    /** The physical connection is closed instead of sending COMMIT; the transaction rolls back. */
    DROP_BEFORE_COMMIT,
    /** COMMIT succeeds, then the physical connection is closed before the caller hears of it. */
    DROP_AFTER_COMMIT
  }

  /** The budget of a fault that fires every time it matches. */
  static final int UNLIMITED = Integer.MAX_VALUE;

  private final Kind kind;
  private final @Nullable Pattern pattern;
  private final @Nullable SqlFailure failure;
  private final boolean rollsBack;
  private final int budget;
  private final AtomicInteger remaining;
  private final AtomicInteger injected = new AtomicInteger();
  private final AtomicInteger matched = new AtomicInteger();
  private volatile boolean armed = true;

  InjectedFault(
      Kind kind,
      @Nullable Pattern pattern,
      @Nullable SqlFailure failure,
      boolean rollsBack,
      int budget) {
    this.kind = kind;
    this.pattern = pattern;
    this.failure = failure;
    this.rollsBack = rollsBack;
    this.budget = budget;
    this.remaining = new AtomicInteger(budget);
  }

  /** Returns what the fault does. */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the pattern a statement must match (found anywhere in its SQL): for a statement
   * failure, the statement itself; for a dropped connection, some statement of the transaction;
   * {@code null} when any will do.
   */
  public @Nullable Pattern pattern() {
    return pattern;
  }

  /** Returns the error a statement failure raises; {@code null} for a dropped connection. */
  public @Nullable SqlFailure failure() {
    return failure;
  }

  /** Returns whether a statement failure rolls the transaction back before it is thrown. */
  public boolean rollsBackTransaction() {
    return rollsBack;
  }

  /** Returns how many times the fault fired. */
  public int injected() {
    return injected.get();
  }

  /**
   * Returns how many executions (statements, or COMMITs for a dropped connection) matched while the
   * fault was armed, fired or not: after "fail the first 2", a third match means the code under
   * test tried a third time.
   */
  public int matched() {
    return matched.get();
  }

  /**
   * Returns how many more times the fault will fire; {@link Integer#MAX_VALUE} if it always does.
   */
  public int remaining() {
    return budget == UNLIMITED ? UNLIMITED : remaining.get();
  }

  /** Returns whether the fault fires every time it matches, without a budget. */
  public boolean isUnlimited() {
    return budget == UNLIMITED;
  }

  /** Returns whether the fault is still armed (it may have used up its budget all the same). */
  public boolean isArmed() {
    return armed;
  }

  /** Stops the fault from firing or counting; what it did so far stays counted. */
  public void disarm() {
    armed = false;
  }

  /**
   * Returns whether the fault did all it was armed to do: its whole budget fired, or, if unlimited,
   * it fired at least once. A disarmed fault counts as done.
   */
  public boolean isDone() {
    if (!armed) {
      return true;
    }
    return budget == UNLIMITED ? injected.get() > 0 : remaining.get() == 0;
  }

  boolean matches(String sql) {
    return pattern == null || pattern.matcher(sql).find();
  }

  /** Counts a match and takes one firing from the budget if any is left. */
  boolean claim() {
    if (!armed) {
      return false;
    }
    matched.incrementAndGet();
    if (budget != UNLIMITED && remaining.getAndUpdate(r -> r > 0 ? r - 1 : r) == 0) {
      return false;
    }
    injected.incrementAndGet();
    return true;
  }

  /** Counts a match without firing, for a fault that another one fired in place of. */
  void countMatch() {
    if (armed) {
      matched.incrementAndGet();
    }
  }

  @Override
  public String toString() {
    String what =
        switch (kind) {
          case STATEMENT_FAILURE ->
              "fail statements "
                  + on()
                  + " with SQLState "
                  + statementFailure().sqlState()
                  + (statementFailure().vendorCode() == 0
                      ? ""
                      : " / vendor code " + statementFailure().vendorCode())
                  + (rollsBack ? ", rolling the transaction back" : "");
          case DROP_BEFORE_COMMIT -> "drop the connection before COMMIT of transactions " + on();
          case DROP_AFTER_COMMIT -> "drop the connection after COMMIT of transactions " + on();
        };
    String times = budget == UNLIMITED ? "every time" : budget + " time(s)";
    return what
        + ", "
        + times
        + " (fired "
        + injected.get()
        + ", matched "
        + matched.get()
        + (armed ? "" : ", disarmed")
        + ")";
  }

  private String on() {
    return pattern == null ? "of any kind" : "matching /" + pattern.pattern() + "/";
  }

  /** The failure of a statement fault, which always has one. */
  SqlFailure statementFailure() {
    if (failure == null) {
      throw new IllegalStateException("not a statement failure: " + kind);
    }
    return failure;
  }
}
