package dev.occ.example.shop.security;

import java.time.Duration;
import org.springframework.security.core.AuthenticationException;

/** A sign-in refused because its user name or client address failed too often of late. */
public final class SignInThrottledException extends AuthenticationException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  /** Creates the refusal; the lock ends after {@code retryAfter}. */
  public SignInThrottledException(Duration retryAfter) {
    super("Too many failed sign-ins; try again later");
    this.retryAfter = retryAfter;
  }

  /** Returns how long the lock still lasts. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Returns the lock's rest in whole seconds, rounded up, at least 1: a Retry-After value. */
  public long retryAfterSeconds() {
    return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }
}
