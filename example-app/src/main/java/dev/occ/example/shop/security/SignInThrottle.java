package dev.occ.example.shop.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Slows down password guessing, per user name and per client address.
 *
 * <p>The rule: each failed sign-in counts against the user name (case-insensitively) and against
 * the client address. When a name reaches {@code max-failures-per-user} failures (default 5), or an
 * address {@code max-failures-per-address} (default 20), it is locked for {@code first-lock}
 * (default 30 s); every further failure doubles the lock, up to {@code max-lock} (default 15 min).
 * While locked, sign-ins with that name or from that address are refused without looking at the
 * password (and cost no hashing). A successful sign-in clears the name's count, not the address's
 * (one good account must not let an address guess on at others). Counts are forgotten {@code
 * max-lock} after their last failure. Counts live in this process's memory: each instance counts on
 * its own, and a restart forgets them.
 */
public final class SignInThrottle {
  private final SecuritySettings.Throttle rule;
  private final Clock clock;
  private final Cache<String, Failures> failures;

  /** Creates the throttle on the rule and a clock. */
  public SignInThrottle(SecuritySettings.Throttle rule, Clock clock) {
    this.rule = rule;
    this.clock = clock;
    this.failures =
        Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(rule.maxLock())
            .ticker(() -> clock.millis() * 1_000_000L)
            .build();
  }

  /**
   * Refuses a sign-in attempt while its user name or client address is locked.
   *
   * @throws SignInThrottledException if either is locked; it says for how long
   */
  public void check(String username, String address) {
    Instant now = clock.instant();
    Duration wait = longer(remaining(userKey(username), now), remaining(addressKey(address), now));
    if (wait != null) {
      throw new SignInThrottledException(wait);
    }
  }

  /** Counts a failed sign-in against the user name and the client address. */
  public void failed(String username, String address) {
    Instant now = clock.instant();
    count(userKey(username), rule.maxFailuresPerUser(), now);
    count(addressKey(address), rule.maxFailuresPerAddress(), now);
  }

  /** Clears the user name's count after a successful sign-in. */
  public void succeeded(String username) {
    failures.invalidate(userKey(username));
  }

  private void count(String key, int threshold, Instant now) {
    failures
        .asMap()
        .compute(
            key,
            (k, before) -> {
              int n = before == null ? 1 : before.count() + 1;
              Instant until = n < threshold ? Instant.MIN : now.plus(lock(n - threshold));
              return new Failures(n, until);
            });
  }

  /** The lock after the threshold's {@code beyond}-th further failure: doubling, capped. */
  private Duration lock(int beyond) {
    Duration lock = rule.firstLock();
    for (int i = 0; i < beyond && lock.compareTo(rule.maxLock()) < 0; i++) {
      lock = lock.multipliedBy(2);
    }
    return lock.compareTo(rule.maxLock()) > 0 ? rule.maxLock() : lock;
  }

  private @Nullable Duration remaining(String key, Instant now) {
    Failures f = failures.getIfPresent(key);
    return f == null || !f.lockedUntil().isAfter(now)
        ? null
        : Duration.between(now, f.lockedUntil());
  }

  private static @Nullable Duration longer(@Nullable Duration a, @Nullable Duration b) {
    if (a == null) {
      return b;
    }
    return b == null || a.compareTo(b) >= 0 ? a : b;
  }

  private static String userKey(String username) {
    return "user:" + username.toLowerCase(Locale.ROOT);
  }

  private static String addressKey(String address) {
    return "address:" + address;
  }

  private record Failures(int count, Instant lockedUntil) {}
}
