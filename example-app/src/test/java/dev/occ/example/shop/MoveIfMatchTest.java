package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.Occ;
import dev.occ.example.shop.appointments.Status;
import dev.occ.example.shop.security.UserAccounts;
import dev.occ.example.shop.support.Api;
import dev.occ.example.shop.support.Appointments;
import dev.occ.example.shop.support.Users;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The move's {@code If-Match}, read by the starter's {@code OccHttp}, keeps the app's contract: a
 * stale one is a 409 {@code VERSION_CONFLICT} in the envelope (not the starter's 412 problem), bad
 * ones are 400s that name the header, and an {@code Idempotency-Key} covers it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MoveIfMatchTest {
  @LocalServerPort int port;
  @Autowired Occ occ;
  @Autowired UserAccounts accounts;

  private Api api;
  private Appointments rows;

  @BeforeEach
  void clients() {
    Users.signUp(accounts);
    api = Api.as(port, Users.NORTH_ADVISOR);
    rows = new Appointments(occ);
  }

  @Test
  void aStaleIfMatchIsAVersionConflictWithTheCurrentCard() {
    long id = rows.create(Status.SCHEDULED, Instant.now());
    assertThat(move(id, "{\"status\":\"CHECKED_IN\"}", "\"1\"").status()).isEqualTo(200);

    Api.Reply stale = move(id, "{\"status\":\"READY\"}", "\"1\"");

    assertThat(stale.status()).as(stale.body()).isEqualTo(409);
    assertThat(stale.header("Content-Type")).startsWith("application/json");
    assertThat(stale.header("ETag")).isEqualTo("\"2\"");
    assertThat(stale.error().get("code").stringValue()).isEqualTo("VERSION_CONFLICT");
    assertThat(stale.error().get("expected_version").longValue()).isEqualTo(1);
    assertThat(stale.error().get("current").get("status").stringValue()).isEqualTo("CHECKED_IN");
    assertThat(rows.status(id)).isEqualTo("CHECKED_IN");
  }

  @Test
  void anIfMatchVersionPastWhatAJavaScriptClientHoldsIsRefusedNamingTheHeader() {
    long id = rows.create(Status.SCHEDULED, Instant.now());

    Api.Reply reply = move(id, "{\"status\":\"READY\"}", "\"9007199254740992\"");

    AppointmentApiContract.assertValidationFailed(reply, "If-Match");
    assertThat(rows.version(id)).isEqualTo(1);
  }

  @Test
  void twoIfMatchHeadersAreRefusedNamingTheHeader() {
    long id = rows.create(Status.SCHEDULED, Instant.now());

    Api.Reply reply =
        api.send(
            request(id, "{\"status\":\"READY\"}")
                .header("If-Match", "\"1\"")
                .header("If-Match", "\"1\""));

    AppointmentApiContract.assertValidationFailed(reply, "If-Match");
    assertThat(rows.version(id)).isEqualTo(1);
  }

  @Test
  void anIdempotencyKeyReusedWithAnotherIfMatchIsRefused() {
    long id = rows.create(Status.SCHEDULED, Instant.now());
    String key = UUID.randomUUID().toString();
    Api.Reply first = move(id, "{\"status\":\"READY\"}", "\"1\"", key);

    Api.Reply other = move(id, "{\"status\":\"READY\"}", "\"2\"", key);

    assertThat(first.status()).isEqualTo(200);
    assertThat(other.status()).as(other.body()).isEqualTo(422);
    assertThat(other.error().get("code").stringValue()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(rows.version(id)).isEqualTo(2);
  }

  private Api.Reply move(long id, String body, String ifMatch) {
    return api.send(request(id, body).header("If-Match", ifMatch));
  }

  private Api.Reply move(long id, String body, String ifMatch, String idempotencyKey) {
    return api.send(
        request(id, body).header("If-Match", ifMatch).header("Idempotency-Key", idempotencyKey));
  }

  private HttpRequest.Builder request(long id, String body) {
    return api.request("/api/admin/appointments/" + id + "/move")
        .header("Content-Type", "application/json")
        .POST(Api.body(body));
  }
}
