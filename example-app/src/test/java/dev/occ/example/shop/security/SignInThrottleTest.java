package dev.occ.example.shop.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The throttle's rule, on a clock the test moves. */
class SignInThrottleTest {
  private static final SecuritySettings.Throttle RULE =
      new SecuritySettings.Throttle(3, 5, Duration.ofSeconds(30), Duration.ofMinutes(15));

  private final MovableClock clock = new MovableClock();
  private final SignInThrottle throttle = new SignInThrottle(RULE, clock);

  @Test
  void aNameIsLockedAtItsThresholdForTheFirstLock() {
    throttle.failed("ann", "10.0.0.1");
    throttle.failed("ann", "10.0.0.2");
    assertThatCode(() -> throttle.check("ann", "10.0.0.3")).doesNotThrowAnyException();

    throttle.failed("Ann", "10.0.0.3");

    assertThat(lock("ANN", "10.0.0.9")).isEqualTo(Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(29));
    assertThat(lock("ann", "10.0.0.9")).isEqualTo(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThatCode(() -> throttle.check("ann", "10.0.0.9")).doesNotThrowAnyException();
  }

  @Test
  void eachFurtherFailureDoublesTheLockUpToTheMaximum() {
    for (int i = 0; i < 3; i++) {
      throttle.failed("bob", "a" + i);
    }
    throttle.failed("bob", "x");
    assertThat(lock("bob", "y")).isEqualTo(Duration.ofSeconds(60));
    throttle.failed("bob", "x2");
    assertThat(lock("bob", "y")).isEqualTo(Duration.ofSeconds(120));
    for (int i = 0; i < 10; i++) {
      throttle.failed("bob", "z" + i);
    }
    assertThat(lock("bob", "y")).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void anAddressIsLockedForEveryNameAtItsOwnThreshold() {
    for (int i = 0; i < 5; i++) {
      throttle.failed("guess" + i, "10.9.9.9");
    }

    assertThat(lock("carol", "10.9.9.9")).isEqualTo(Duration.ofSeconds(30));
    assertThatCode(() -> throttle.check("carol", "10.1.1.1")).doesNotThrowAnyException();
  }

  @Test
  void aSuccessClearsTheNamesCountButNotTheAddresss() {
    throttle.failed("dave", "10.2.2.2");
    throttle.failed("dave", "10.2.2.2");
    throttle.succeeded("dave");
    throttle.failed("dave", "10.2.2.2");
    throttle.failed("dave", "10.2.2.2");
    assertThatCode(() -> throttle.check("dave", "10.3.3.3")).doesNotThrowAnyException();

    throttle.failed("erin", "10.2.2.2");

    assertThat(lock("anyone", "10.2.2.2")).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void failuresAreForgottenAfterTheLongestLock() {
    throttle.failed("fay", "1");
    throttle.failed("fay", "2");
    clock.advance(Duration.ofMinutes(16));

    throttle.failed("fay", "3");

    assertThatCode(() -> throttle.check("fay", "4")).doesNotThrowAnyException();
  }

  private Duration lock(String username, String address) {
    try {
      throttle.check(username, address);
    } catch (SignInThrottledException e) {
      return e.retryAfter();
    }
    assertThatThrownBy(() -> throttle.check(username, address))
        .as("a lock of %s from %s", username, address)
        .isInstanceOf(SignInThrottledException.class);
    throw new AssertionError("unreachable");
  }

  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2030-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
