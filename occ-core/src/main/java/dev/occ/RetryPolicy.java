package dev.occ;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * How occ retries transient database errors at a transaction boundary it owns: bounded attempts and
 * full-jitter exponential backoff, {@code sleep = random(0, min(maxDelay, baseDelay * 2^n))} before
 * retry n (n = 0 for the first retry). Version conflicts are never retried by this policy.
 *
 * <p>The built-in transient codes are SQLStates {@code 40001} and {@code 40P01} and vendor codes
 * {@code 1213}, {@code 1205}, {@code 1020} (MySQL/MariaDB), {@code 50200} and {@code 90131} (H2).
 * Add more with {@link Builder#extraSqlStates} and {@link Builder#extraVendorCodes}, for example
 * {@code 55P03} (PostgreSQL lock not available).
 */
public final class RetryPolicy {
  /** Attempts in all, the first one included: one try and one retry, as the shop's card says. */
  public static final int DEFAULT_MAX_ATTEMPTS = 2;

  /** Upper bound of the first retry's random delay. */
  public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(10);

  /** Upper bound of any retry's random delay. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(200);

  /**
   * How long occ keeps asking a PostgreSQL server what became of a transaction whose answer to
   * COMMIT was lost: long enough for a fast restart.
   */
  public static final Duration DEFAULT_OUTCOME_RESOLUTION_TIMEOUT = Duration.ofSeconds(5);

  /** The policy occ uses when none is given. */
  public static final RetryPolicy DEFAULT = builder().build();

  private final int maxAttempts;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final Set<String> extraSqlStates;
  private final Set<Integer> extraVendorCodes;
  private final Duration outcomeResolutionTimeout;

  private RetryPolicy(Builder b) {
    if (b.maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1");
    }
    if (b.baseDelay.isNegative() || b.maxDelay.isNegative()) {
      throw new IllegalArgumentException("delays must not be negative");
    }
    if (b.outcomeResolutionTimeout.isNegative()) {
      throw new IllegalArgumentException("outcomeResolutionTimeout must not be negative");
    }
    if (b.maxDelay.compareTo(b.baseDelay) < 0) {
      throw new IllegalArgumentException("maxDelay must be >= baseDelay");
    }
    for (String state : b.extraSqlStates) {
      if (state == null || !state.matches("[0-9A-Z]{5}")) {
        throw new IllegalArgumentException("a SQLState is five digits or capital letters");
      }
    }
    this.maxAttempts = b.maxAttempts;
    this.baseDelay = b.baseDelay;
    this.maxDelay = b.maxDelay;
    this.extraSqlStates = Set.copyOf(b.extraSqlStates);
    this.extraVendorCodes = Set.copyOf(b.extraVendorCodes);
    this.outcomeResolutionTimeout = b.outcomeResolutionTimeout;
  }

  /** Starts a policy from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A policy that never retries: transient errors surface at once as {@link
   * TransientFailureException}.
   */
  public static RetryPolicy none() {
    return builder().maxAttempts(1).build();
  }

  /** Returns the number of attempts in all, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Returns the upper bound of the first retry's delay. */
  public Duration baseDelay() {
    return baseDelay;
  }

  /** Returns the upper bound of any retry's delay. */
  public Duration maxDelay() {
    return maxDelay;
  }

  /** Returns the SQLStates treated as transient besides the built-in ones. */
  public Set<String> extraSqlStates() {
    return extraSqlStates;
  }

  /** Returns the vendor codes treated as transient besides the built-in ones. */
  public Set<Integer> extraVendorCodes() {
    return extraVendorCodes;
  }

  /**
   * Returns how long occ asks the database what became of a transaction whose answer to COMMIT was
   * lost, before it reports {@link OutcomeUnknownException}; zero never asks.
   */
  public Duration outcomeResolutionTimeout() {
    return outcomeResolutionTimeout;
  }

  /** Returns the upper bound, in milliseconds, of the delay before retry {@code n} (0-based). */
  public long delayCeilingMillis(int n) {
    long base = baseDelay.toMillis();
    long cap = maxDelay.toMillis();
    int shift = Math.max(n, 0);
    if (base == 0) {
      return 0;
    }
    // base * 2^shift reaches 2^63, beyond any cap, once the shift uses up base's leading zeros.
    return shift >= Long.numberOfLeadingZeros(base) ? cap : Math.min(cap, base << shift);
  }

  /** Returns a builder holding this policy's settings. */
  public Builder toBuilder() {
    return builder()
        .maxAttempts(maxAttempts)
        .baseDelay(baseDelay)
        .maxDelay(maxDelay)
        .extraSqlStates(extraSqlStates)
        .extraVendorCodes(extraVendorCodes)
        .outcomeResolutionTimeout(outcomeResolutionTimeout);
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts="
        + maxAttempts
        + ", baseDelay="
        + baseDelay
        + ", maxDelay="
        + maxDelay
        + ", extraSqlStates="
        + new TreeSet<>(extraSqlStates)
        + ", extraVendorCodes="
        + new TreeSet<>(extraVendorCodes)
        + ", outcomeResolutionTimeout="
        + outcomeResolutionTimeout
        + "]";
  }

  /** Builds a {@link RetryPolicy}; values are checked by {@link #build()}. */
  public static final class Builder {
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration baseDelay = DEFAULT_BASE_DELAY;
    private Duration maxDelay = DEFAULT_MAX_DELAY;
    private Set<String> extraSqlStates = Set.of();
    private Set<Integer> extraVendorCodes = Set.of();
    private Duration outcomeResolutionTimeout = DEFAULT_OUTCOME_RESOLUTION_TIMEOUT;

    private Builder() {}

    /**
     * Sets how long occ asks the database what became of a transaction whose answer to COMMIT was
     * lost (PostgreSQL); zero reports {@link OutcomeUnknownException} at once.
     */
    public Builder outcomeResolutionTimeout(Duration timeout) {
      this.outcomeResolutionTimeout = timeout;
      return this;
    }

    /** Sets the number of attempts in all, the first included (1 means no retry). */
    public Builder maxAttempts(int attempts) {
      this.maxAttempts = attempts;
      return this;
    }

    /** Sets the upper bound of the first retry's random delay. */
    public Builder baseDelay(Duration delay) {
      this.baseDelay = delay;
      return this;
    }

    /** Sets the upper bound of any retry's random delay. */
    public Builder maxDelay(Duration delay) {
      this.maxDelay = delay;
      return this;
    }

    /** Sets SQLStates to treat as transient besides the built-in ones. */
    public Builder extraSqlStates(Set<String> states) {
      this.extraSqlStates = Set.copyOf(states);
      return this;
    }

    /** Sets vendor error codes to treat as transient besides the built-in ones. */
    public Builder extraVendorCodes(Set<Integer> codes) {
      this.extraVendorCodes = Set.copyOf(codes);
      return this;
    }

    /**
     * Returns the immutable policy.
     *
     * @throws IllegalArgumentException if attempts are below 1, delays negative or out of order, or
     *     a SQLState malformed
     */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }
  }
}
