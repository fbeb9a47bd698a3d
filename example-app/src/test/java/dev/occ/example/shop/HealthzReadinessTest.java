package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.example.shop.support.Api;
import dev.occ.testing.TestDatabases;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code /healthz} says ready only once the app has finished starting: its database answering is
 * not enough while start-up work (the demo data and its users, here held back by one more runner)
 * is still going on, or a script that waits for /healthz would sign in before the users exist.
 */
class HealthzReadinessTest {

  @Test
  void healthzIsNotReadyUntilTheStartHasFinished() throws Exception {
    int port = freePort();
    CountDownLatch hold = new CountDownLatch(1);
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.datasource.url", TestDatabases.freshH2Url());
    properties.put("server.port", port);
    properties.put("management.server.port", 0);
    SpringApplicationBuilder app =
        new SpringApplicationBuilder(ShopApplication.class)
            .initializers(
                context ->
                    context
                        .getBeanFactory()
                        .registerSingleton(
                            "holdTheStart",
                            (ApplicationRunner) args -> hold.await(60, TimeUnit.SECONDS)));
    CompletableFuture<ConfigurableApplicationContext> started =
        CompletableFuture.supplyAsync(() -> PostgresProperties.start(app, properties));
    try {
      Api api = new Api(port);
      Api.Reply starting = awaitAnswer(api, started);

      assertThat(starting.status()).as(starting.body()).isEqualTo(503);
      assertThat(starting.error().get("code").stringValue()).isEqualTo("NOT_READY");
      hold.countDown();
      started.get(60, TimeUnit.SECONDS);
      assertThat(api.get("/healthz").status()).isEqualTo(200);
    } finally {
      hold.countDown();
      started.get(60, TimeUnit.SECONDS).close();
    }
  }

  /** Polls /healthz until the server answers at all (its port opens before the runners run). */
  private static Api.Reply awaitAnswer(
      Api api, CompletableFuture<ConfigurableApplicationContext> started)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(started).as("the start ended before /healthz was asked").isNotDone();
      try {
        return api.get("/healthz");
      } catch (IllegalStateException notListeningYet) {
        Thread.sleep(20);
      }
    }
    throw new AssertionError("/healthz never answered");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
