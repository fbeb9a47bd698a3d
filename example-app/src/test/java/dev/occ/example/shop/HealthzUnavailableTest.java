package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.example.shop.support.Api;
import dev.occ.example.shop.support.Users;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * With the database out of reach the app still answers, with 503 and the envelope; it is not ready
 * but it is alive, so an orchestrator takes it out of the load balancer without restarting it. A
 * signed request whose user cannot be looked up is a 503 too, not a 401: the credentials may be
 * right.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      // Nothing listens on port 1: every connection attempt is refused.
      "spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none",
      "spring.datasource.hikari.connection-timeout=500",
      "spring.flyway.enabled=false",
      "shop.demo-data=false"
    })
class HealthzUnavailableTest {
  @LocalServerPort int port;
  @LocalManagementPort int managementPort;

  @Test
  void healthzIs503WhenTheDatabaseDoesNotAnswer() {
    Api.Reply reply = new Api(port).get("/healthz");

    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.json().get("ok").booleanValue()).isFalse();
    assertThat(reply.error().get("code").stringValue()).isEqualTo("DATABASE_UNAVAILABLE");
  }

  @Test
  void livenessIsUpWhileTheDatabaseDoesNotAnswer() {
    Api.Reply reply = new Api(managementPort).get("/actuator/health/liveness");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("status").stringValue()).isEqualTo("UP");
  }

  @Test
  void readinessIsDownWhileTheDatabaseDoesNotAnswer() {
    Api.Reply reply = new Api(managementPort).get("/actuator/health/readiness");

    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.json().get("status").stringValue()).isEqualTo("DOWN");
  }

  @Test
  void moveIs503WithRetryAfterWhenTheDatabaseDoesNotAnswer() {
    Api.Reply reply = Api.as(port, Users.NORTH_ADVISOR).move(1, "READY", 1);

    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.header("Retry-After")).isEqualTo("1");
    assertThat(reply.error().get("code").stringValue()).isEqualTo("DATABASE_UNAVAILABLE");
    AppointmentApiContract.assertNoInternals(reply);
  }

  @Test
  void boardIs503WhenTheDatabaseDoesNotAnswer() {
    Api.Reply reply = Api.as(port, Users.NORTH_ADVISOR).get("/api/admin/appointments/board");

    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.error().get("code").stringValue()).isEqualTo("DATABASE_UNAVAILABLE");
  }
}
