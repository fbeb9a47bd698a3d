package dev.occ.test;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * Describes a statement failure before it is armed: {@code faults.failStatements("(?i)^update
 * accounts").times(2).withSqlState("40001")}. Nothing fires until a terminal method ({@link #with},
 * {@link #withSqlState}) arms it.
 */
public final class StatementFailureSpec {
  private final FaultInjector injector;
  private final Pattern pattern;
  private int times = 1;
  private boolean rollback;

  StatementFailureSpec(FaultInjector injector, Pattern pattern) {
    this.injector = injector;
    this.pattern = pattern;
  }

  /**
   * Fails the first {@code n} matching executions (default 1); later ones run normally.
   *
   * @throws IllegalArgumentException if {@code n} is below 1
   */
  public StatementFailureSpec times(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("times must be >= 1, was " + n);
    }
    this.times = n;
    return this;
  }

  /** Fails every matching execution until the fault is disarmed. */
  public StatementFailureSpec always() {
    this.times = InjectedFault.UNLIMITED;
    return this;
  }

  /**
   * Rolls the connection's transaction back before the failure is thrown, as MySQL and MariaDB do
   * to a deadlock victim and Galera to a transaction that lost certification. Without it the
   * transaction stays open and unchanged, as if the one statement had been refused (see {@link
   * FaultInjector}). Has no effect in auto-commit mode.
   */
  public StatementFailureSpec rollingBackTransaction() {
    this.rollback = true;
    return this;
  }

  /** Arms the fault with the given failure and returns it. */
  public InjectedFault with(SqlFailure failure) {
    requireNonNull(failure, "failure");
    return injector.arm(
        new InjectedFault(InjectedFault.Kind.STATEMENT_FAILURE, pattern, failure, rollback, times));
  }

  /**
   * Arms the fault with the SQLState and no vendor code, and returns it.
   *
   * @throws IllegalArgumentException if the SQLState is not five digits or capital letters
   */
  public InjectedFault withSqlState(String sqlState) {
    return with(SqlFailure.of(sqlState));
  }

  /**
   * Arms the fault with the SQLState and vendor code, and returns it.
   *
   * @throws IllegalArgumentException if the SQLState is not five digits or capital letters
   */
  public InjectedFault withSqlState(String sqlState, int vendorCode) {
    return with(SqlFailure.of(sqlState, vendorCode));
  }
}
