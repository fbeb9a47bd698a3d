package dev.occ.spring.boot;

import dev.occ.RetryPolicy;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of occ in a Spring Boot application, under {@code occ.*}. */
@ConfigurationProperties("occ")
public class OccProperties {
  /** Whether occ's auto-configuration is enabled. */
  private boolean enabled = true;

  private final Retry retry = new Retry();
  private final Metrics metrics = new Metrics();
  private final Web web = new Web();

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

  /** Builds the retry policy these properties describe. */
  public RetryPolicy toRetryPolicy() {
    return RetryPolicy.builder()
        .maxAttempts(retry.maxAttempts)
        .baseDelay(retry.baseDelay)
        .maxDelay(retry.maxDelay)
        .extraSqlStates(retry.extraSqlStates)
        .extraVendorCodes(retry.extraVendorCodes)
        .build();
  }

  /** Retry of transient database errors (deadlocks, serialization failures). */
  public static class Retry {
    /** Attempts in all, the first one included; 1 disables retries. */
    private int maxAttempts = RetryPolicy.DEFAULT_MAX_ATTEMPTS;

    /** Upper bound of the first retry's random (full-jitter) delay. */
    private Duration baseDelay = RetryPolicy.DEFAULT_BASE_DELAY;

    /** Upper bound of any retry's random delay. */
    private Duration maxDelay = RetryPolicy.DEFAULT_MAX_DELAY;

    /** SQLStates to treat as transient besides 40001 and 40P01, e.g. 55P03. */
    private Set<String> extraSqlStates = new LinkedHashSet<>();

    /** Vendor error codes to treat as transient besides the built-in MySQL/MariaDB/H2 ones. */
    private Set<Integer> extraVendorCodes = new LinkedHashSet<>();

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
    /** Whether occ records its meters when a MeterRegistry is present. */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** Spring MVC integration. */
  public static class Web {
    /** Whether occ maps its exceptions to HTTP answers (409, 404, 412, 428, 503). */
    private boolean enabled = true;

    /** Whether versioned writes must carry an If-Match header (428 when missing). */
    private boolean requireIfMatch = false;

    /** Retry-After, in whole seconds, sent with 503 after retries ran out. */
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

    public Duration getRetryAfter() {
      return retryAfter;
    }

    public void setRetryAfter(Duration retryAfter) {
      this.retryAfter = retryAfter;
    }
  }
}
