package dev.occ.example.shop.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;

/**
 * The cache of verified credentials: a password hash is checked once per user and TTL, also when
 * many requests with the same credentials arrive together after the entry expired (at the load
 * test's 64 users, each of them checking bcrypt at once stalled both cores for two seconds every
 * minute); a wrong password is never remembered.
 */
class VerifiedCredentialsTest {
  private static final ShopUser ADVISOR = new ShopUser("north-advisor", "north", Role.ADVISOR);

  private final VerifiedCredentials credentials =
      new VerifiedCredentials(
          new SecuritySettings(
              Duration.ofSeconds(60),
              100,
              new SecuritySettings.Throttle(5, 20, Duration.ofSeconds(30), Duration.ofMinutes(15)),
              new SecuritySettings.Jwt("preferred_username", "shop", "shop_role")));

  @Test
  void concurrentRequestsWithTheSameCredentialsShareOneCheck() throws Exception {
    AtomicInteger checks = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<ShopUser>> users = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        users.add(
            pool.submit(
                () -> {
                  start.await();
                  return credentials.verify(
                      "north-advisor",
                      "secret",
                      () -> {
                        checks.incrementAndGet();
                        sleep(200); // as long as a bcrypt check on a busy machine
                        return ADVISOR;
                      });
                }));
      }
      start.countDown();
      for (Future<ShopUser> user : users) {
        assertThat(user.get(30, TimeUnit.SECONDS)).isEqualTo(ADVISOR);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(checks).hasValue(1);
  }

  @Test
  void aFailedCheckIsNotRememberedAndAGoodOneIs() {
    AtomicInteger checks = new AtomicInteger();

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(
              () ->
                  credentials.verify(
                      "north-advisor",
                      "wrong",
                      () -> {
                        checks.incrementAndGet();
                        throw new BadCredentialsException("Wrong user name or password");
                      }))
          .isInstanceOf(BadCredentialsException.class);
    }
    credentials.verify("north-advisor", "secret", () -> ADVISOR);
    ShopUser again =
        credentials.verify(
            "north-advisor",
            "secret",
            () -> {
              throw new AssertionError("checked again within the TTL");
            });

    assertThat(checks).hasValue(2);
    assertThat(again).isEqualTo(ADVISOR);
    assertThat(credentials.size()).isEqualTo(1);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
