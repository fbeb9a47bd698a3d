package dev.occ.spring.boot;

import dev.occ.RetryPolicy;
import dev.occ.spring.boot.idempotency.IdempotencySettings;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Settings of occ in a Spring Boot application, under {@code occ.*}. Boot validates them when it
 * binds them, so a bad value stops the application at startup with the property's name.
 */
@ConfigurationProperties("occ")
public class OccProperties implements Validator {
  /** Whether to enable occ's auto-configuration: the Occ bean, retries, metrics and web mapping. */
  private boolean enabled = true;

  private final Retry retry = new Retry();
  private final Metrics metrics = new Metrics();
  private final Web web = new Web();
  private final Idempotency idempotency = new Idempotency();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Retry getRetry() {
    return retry;
  }

  public Metrics getMetrics() {
    return metrics;
  }

  public Web getWeb() {
    return web;
  }

  public Idempotency getIdempotency() {
    return idempotency;
  }

  /**
   * Builds the retry policy these properties describe.
   *
   * @throws IllegalArgumentException if the retry settings are invalid
   */
  public RetryPolicy toRetryPolicy() {
    return RetryPolicy.builder()
        .maxAttempts(retry.maxAttempts)
        .baseDelay(retry.baseDelay)
        .maxDelay(retry.maxDelay)
        .extraSqlStates(retry.extraSqlStates)
        .extraVendorCodes(retry.extraVendorCodes)
        .outcomeResolutionTimeout(retry.outcomeResolutionTimeout)
        .build();
  }

  /** Returns whether the target can be checked by {@link #validate}: only occ's properties. */
  @Override
  public boolean supports(Class<?> type) {
    return OccProperties.class.isAssignableFrom(type);
  }

  /**
   * Rejects settings occ cannot work with; fields are named as in configuration files, so that
   * Boot's startup report names the property at fault.
   */
  @Override
  public void validate(Object target, Errors errors) {
    OccProperties properties = (OccProperties) target;
    Retry r = properties.retry;
    if (r.maxAttempts < 1) {
      errors.rejectValue("retry.max-attempts", "min", "must be at least 1 (1 means no retry)");
    }
    rejectIfNegative(errors, "retry.base-delay", r.baseDelay);
    rejectIfNegative(errors, "retry.max-delay", r.maxDelay);
    rejectIfNegative(errors, "web.retry-after", properties.web.retryAfter);
    properties.idempotency.validate(errors);
    if (!errors.hasErrors() && r.maxDelay.compareTo(r.baseDelay) < 0) {
      errors.rejectValue(
          "retry.max-delay", "order", "must not be shorter than occ.retry.base-delay");
    }
    if (!errors.hasErrors()) {
      try {
        // Core's own checks (SQLState format and any added later) get the final word.
        properties.toRetryPolicy();
      } catch (IllegalArgumentException e) {
        errors.reject("retry", "occ.retry: " + e.getMessage());
      }
    }
  }

  private static void rejectIfNegative(Errors errors, String field, @Nullable Duration value) {
    if (value == null) {
      errors.rejectValue(field, "required", "must be set");
    } else if (value.isNegative()) {
      errors.rejectValue(field, "min", "must not be negative");
    }
  }

  /** Retry of transient database errors (deadlocks, serialization failures). */
  public static class Retry {
    /** Attempts in all, the first one included; 1 disables retries. */
    private int maxAttempts = RetryPolicy.DEFAULT_MAX_ATTEMPTS;

    /** Upper bound of the first retry's random (full-jitter) delay; it doubles per retry. */
    private Duration baseDelay = RetryPolicy.DEFAULT_BASE_DELAY;

    /** Upper bound of any retry's random delay. */
    private Duration maxDelay = RetryPolicy.DEFAULT_MAX_DELAY;

    /** SQLStates to treat as transient besides 40001 and 40P01, e.g. 55P03 (lock not available). */
    private Set<String> extraSqlStates = new LinkedHashSet<>();

    /** Vendor error codes to treat as transient besides the built-in MySQL, MariaDB and H2 ones. */
    private Set<Integer> extraVendorCodes = new LinkedHashSet<>();

    /**
     * How long occ asks PostgreSQL what became of a transaction whose answer to COMMIT was lost
     * with its connection (txid_status) before it reports the outcome as unknown; 0 never asks.
     */
    private Duration outcomeResolutionTimeout = RetryPolicy.DEFAULT_OUTCOME_RESOLUTION_TIMEOUT;

    public Duration getOutcomeResolutionTimeout() {
      return outcomeResolutionTimeout;
    }

    public void setOutcomeResolutionTimeout(Duration outcomeResolutionTimeout) {
      this.outcomeResolutionTimeout = outcomeResolutionTimeout;
    }

    public int getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Duration getBaseDelay() {
      return baseDelay;
    }

    public void setBaseDelay(Duration baseDelay) {
      this.baseDelay = baseDelay;
    }

    public Duration getMaxDelay() {
      return maxDelay;
    }

    public void setMaxDelay(Duration maxDelay) {
      this.maxDelay = maxDelay;
    }

    public Set<String> getExtraSqlStates() {
      return extraSqlStates;
    }

    public void setExtraSqlStates(Set<String> extraSqlStates) {
      this.extraSqlStates = extraSqlStates;
    }

    public Set<Integer> getExtraVendorCodes() {
      return extraVendorCodes;
    }

    public void setExtraVendorCodes(Set<Integer> extraVendorCodes) {
      this.extraVendorCodes = extraVendorCodes;
    }
  }

  /** Micrometer metrics. */
  public static class Metrics {
    /** Whether to record occ's meters (occ.update, occ.retries) when a MeterRegistry exists. */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** Idempotency-Key support for {@code @Idempotent} handler methods (Spring MVC). */
  public static class Idempotency {
    /** Whether to honour Idempotency-Key headers on @Idempotent handler methods. */
    private boolean enabled = true;

    /** Table that holds the keys and their answers; its DDL ships with the starter. */
    private String table = IdempotencySettings.DEFAULT_TABLE;

    /** How long a key is kept after its first request; an expired key counts as unused. */
    private Duration ttl = IdempotencySettings.DEFAULT_TTL;

    /**
     * How long a request waits for a key that a request still in flight holds, before it gets 409;
     * whole seconds on MariaDB (rounded up), H2's own LOCK_TIMEOUT on H2.
     */
    private Duration lockTimeout = IdempotencySettings.DEFAULT_LOCK_TIMEOUT;

    /** Time between deletions of expired keys; 0 turns the scheduled cleanup off. */
    private Duration cleanupInterval = IdempotencySettings.DEFAULT_CLEANUP_INTERVAL;

    /** Expired keys deleted per statement and transaction by the cleanup. */
    private int cleanupBatchSize = IdempotencySettings.DEFAULT_CLEANUP_BATCH_SIZE;

    /**
     * Builds the settings these properties describe.
     *
     * @throws IllegalArgumentException if a setting is invalid
     */
    public IdempotencySettings toSettings() {
      return new IdempotencySettings(table, ttl, lockTimeout, cleanupInterval, cleanupBatchSize);
    }

    private void validate(Errors errors) {
      if (ttl == null || ttl.isNegative() || ttl.isZero()) {
        errors.rejectValue("idempotency.ttl", "min", "must be positive");
      }
      if (lockTimeout == null || lockTimeout.toMillis() < 1) {
        errors.rejectValue("idempotency.lock-timeout", "min", "must be at least 1ms");
      }
      rejectIfNegative(errors, "idempotency.cleanup-interval", cleanupInterval);
      if (cleanupBatchSize < 1) {
        errors.rejectValue("idempotency.cleanup-batch-size", "min", "must be at least 1");
      }
      if (!errors.hasErrors()) {
        try {
          // The settings' own checks (the table name among them) get the final word.
          toSettings();
        } catch (IllegalArgumentException e) {
          errors.rejectValue("idempotency.table", "invalid", e.getMessage());
        }
      }
    }

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getTable() {
      return table;
    }

    public void setTable(String table) {
      this.table = table;
    }

    public Duration getTtl() {
      return ttl;
    }

    public void setTtl(Duration ttl) {
      this.ttl = ttl;
    }

    public Duration getLockTimeout() {
      return lockTimeout;
    }

    public void setLockTimeout(Duration lockTimeout) {
      this.lockTimeout = lockTimeout;
    }

    public Duration getCleanupInterval() {
      return cleanupInterval;
    }

    public void setCleanupInterval(Duration cleanupInterval) {
      this.cleanupInterval = cleanupInterval;
    }

    public int getCleanupBatchSize() {
      return cleanupBatchSize;
    }

    public void setCleanupBatchSize(int cleanupBatchSize) {
      this.cleanupBatchSize = cleanupBatchSize;
    }
  }

  /** Spring MVC integration. */
  public static class Web {
    /** Whether to map occ's exceptions to HTTP problem answers (409, 412, 404, 428, 503). */
    private boolean enabled = true;

    /** Whether versioned writes must carry an If-Match header; without one they get 428. */
    private boolean requireIfMatch = false;

    /**
     * Whether a conflict answer (409, 412) shows the current row, every column occ read with
     * fetchCurrentOnConflict(), as its "current" member; an OccConflictBody bean decides instead
     * when the application has one.
     */
    private boolean includeCurrentRow = false;

    /**
     * Retry-After sent with 503 when transient errors outlast the retries; rounded up to seconds.
     */
    private Duration retryAfter = Duration.ofSeconds(1);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public boolean isRequireIfMatch() {
      return requireIfMatch;
    }

    public void setRequireIfMatch(boolean requireIfMatch) {
      this.requireIfMatch = requireIfMatch;
    }

    public boolean isIncludeCurrentRow() {
      return includeCurrentRow;
    }

    public void setIncludeCurrentRow(boolean includeCurrentRow) {
      this.includeCurrentRow = includeCurrentRow;
    }

    public Duration getRetryAfter() {
      return retryAfter;
    }

    public void setRetryAfter(Duration retryAfter) {
      this.retryAfter = retryAfter;
    }
  }
}
