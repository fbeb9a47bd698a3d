package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.Occ;
import dev.occ.example.shop.appointments.Status;
import dev.occ.example.shop.security.UserAccounts;
import dev.occ.example.shop.support.Api;
import dev.occ.example.shop.support.Appointments;
import dev.occ.example.shop.support.TcpProxy;
import dev.occ.example.shop.support.Users;
import dev.occ.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * PostgreSQL goes away for a few seconds, as in a fast restart, and comes back: simulated by a
 * proxy that cuts every connection and refuses new ones, so the shared server keeps running. While
 * it is away every request is answered quickly with 503, the app stays live and is not ready; once
 * it is back the app serves again within 5 seconds, with no move lost or applied twice.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "shop.demo-data=false")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DatabaseOutageIntegrationTest {
  /** About what a fast restart of PostgreSQL takes. */
  private static final Duration OUTAGE = Duration.ofSeconds(3);

  /** The promise: serving again at most this long after the database is back. */
  private static final Duration RECOVERY = Duration.ofSeconds(5);

  /** The pool's connection timeout (application.yml) and room for a loaded machine. */
  private static final Duration LONGEST_ANSWER = Duration.ofSeconds(2 + 2);

  private static TestDatabases.Schema schema;
  private static TcpProxy proxy;

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  @Autowired Occ occ;
  @Autowired UserAccounts accounts;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    schema = TestDatabases.freshPostgresSchema("outage");
    proxy = TcpProxy.inFrontOf(schema.url());
    PostgresProperties.addThrough(registry, schema, proxy);
  }

  @AfterAll
  static void dropSchema() {
    if (proxy != null) {
      proxy.close();
    }
    if (schema != null) {
      schema.close();
    }
  }

  @Test
  void duringAnOutageEveryAnswerIsA503AndTheAppServesAgainWithinFiveSecondsOfItsEnd()
      throws Exception {
    Users.signUp(accounts);
    Api api = Api.as(port, Users.NORTH_ADVISOR);
    Api management = new Api(managementPort);
    Appointments rows = new Appointments(PostgresProperties.owner(schema));
    long id = rows.create(Status.SCHEDULED, Instant.now());
    assertThat(api.move(id, "CHECKED_IN", 1).status()).isEqualTo(200);

    proxy.down();
    long downAt = System.nanoTime();
    // Side by side, so that the outage is not drawn out by requests waiting in turn.
    CompletableFuture<Void> board =
        CompletableFuture.runAsync(
            () ->
                assertAnsweredWithin(
                    () -> api.get("/api/admin/appointments/board"), 503, "DATABASE_UNAVAILABLE"));
    assertAnsweredWithin(() -> api.move(id, "IN_PROGRESS", 2), 503, "DATABASE_UNAVAILABLE");
    assertAnsweredWithin(() -> api.get("/healthz"), 503, "DATABASE_UNAVAILABLE");
    assertThat(management.get("/actuator/health/readiness").status()).isEqualTo(503);
    assertThat(management.get("/actuator/health/liveness").status()).isEqualTo(200);
    board.get(30, TimeUnit.SECONDS);
    Thread.sleep(
        Math.max(0, OUTAGE.toMillis() - Duration.ofNanos(System.nanoTime() - downAt).toMillis()));

    proxy.up();
    long upAt = System.nanoTime();
    List<Integer> answers = new ArrayList<>();
    Api.Reply reply;
    do {
      reply = api.move(id, "IN_PROGRESS", 2);
      answers.add(reply.status());
      if (reply.status() == 503) {
        assertThat(reply.error().get("code").stringValue()).isEqualTo("DATABASE_UNAVAILABLE");
        Thread.sleep(100);
      }
    } while (reply.status() == 503
        && Duration.ofNanos(System.nanoTime() - upAt).compareTo(RECOVERY.plusSeconds(10)) < 0);
    Duration recovered = Duration.ofNanos(System.nanoTime() - upAt);

    assertThat(reply.status())
        .as("answers after the outage: %s, last %s", answers, reply.body())
        .isEqualTo(200);
    assertThat(recovered)
        .as("answers after an outage of %s: %s", Duration.ofNanos(upAt - downAt), answers)
        .isLessThan(RECOVERY);
    assertThat(api.get("/healthz").status()).isEqualTo(200);
    assertThat(management.get("/actuator/health/readiness").status()).isEqualTo(200);
    assertThat(rows.version(id)).isEqualTo(3);
    assertThat(rows.moveCount(id)).isEqualTo(2);
  }

  interface Request {
    Api.Reply send();
  }

  private static void assertAnsweredWithin(Request request, int status, String code) {
    long start = System.nanoTime();
    Api.Reply reply = request.send();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.error().get("code").stringValue()).isEqualTo(code);
    assertThat(took).isLessThan(LONGEST_ANSWER);
  }
}
