package dev.occ.test;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Describes a dropped connection around COMMIT before it is armed: {@code
 * faults.dropConnectionBeforeCommit().whenTransactionRan("(?i)^update accounts").arm()}.
 */
public final class CommitFaultSpec {
  private final FaultInjector injector;
  private final InjectedFault.Kind kind;
  private @Nullable Pattern pattern;
  private int times = 1;

  CommitFaultSpec(FaultInjector injector, InjectedFault.Kind kind) {
    this.injector = injector;
    this.kind = kind;
  }

  /**
   * Drops the connection at the first {@code n} matching COMMITs (default 1).
   *
   * @throws IllegalArgumentException if {@code n} is below 1
   */
  public CommitFaultSpec times(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("times must be >= 1, was " + n);
    }
    this.times = n;
    return this;
  }

  /** Drops the connection at every matching COMMIT until the fault is disarmed. */
  public CommitFaultSpec always() {
    this.times = InjectedFault.UNLIMITED;
    return this;
  }

  /**
   * Only counts the COMMIT of a transaction that ran a statement whose SQL matches the regular
   * expression (found anywhere in it), so that setup and reads are left alone. Without it every
   * COMMIT counts.
   *
   * @throws java.util.regex.PatternSyntaxException if the expression is malformed
   */
  public CommitFaultSpec whenTransactionRan(String regex) {
    return whenTransactionRan(Pattern.compile(regex));
  }

  /** Only counts the COMMIT of a transaction that ran a statement matching the pattern. */
  public CommitFaultSpec whenTransactionRan(Pattern statementPattern) {
    this.pattern = requireNonNull(statementPattern, "statementPattern");
    return this;
  }

  /** Arms the fault and returns it. */
  public InjectedFault arm() {
    return injector.arm(new InjectedFault(kind, pattern, null, false, times));
  }
}
