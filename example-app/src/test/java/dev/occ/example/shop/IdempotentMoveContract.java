package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.Occ;
import dev.occ.example.shop.appointments.Status;
import dev.occ.example.shop.security.UserAccounts;
import dev.occ.example.shop.support.Api;
import dev.occ.example.shop.support.Api.Reply;
import dev.occ.example.shop.support.Appointments;
import dev.occ.example.shop.support.Users;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Moves sent with an {@code Idempotency-Key}: a repeat gets the first answer and the card moves
 * once. Written once, run on each database by a subclass.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "shop.demo-data=false")
abstract class IdempotentMoveContract {
  @LocalServerPort int port;
  @Autowired Occ occ;
  @Autowired UserAccounts accounts;

  private Api api;
  private Appointments rows;
  private String key;

  @BeforeEach
  void clients() {
    Users.signUp(accounts);
    api = Api.as(port, Users.NORTH_ADVISOR);
    rows = new Appointments(ownerOcc());
    key = UUID.randomUUID().toString();
  }

  /** Occ for the test's direct reads: see {@link AppointmentApiContract#ownerOcc()}. */
  Occ ownerOcc() {
    return occ;
  }

  @Test
  void aMoveSentAgainWithItsKeyGetsTheSameAnswerAndTheCardMovesOnce() {
    long id = newCard();

    Reply first = move(id, "CHECKED_IN", 1, key);
    Reply again = move(id, "CHECKED_IN", 1, key);

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.header("ETag")).isEqualTo("\"2\"");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.header("ETag")).isEqualTo(first.header("ETag"));
    assertThat(again.data().path("version").asLong()).isEqualTo(2);
    assertThat(rows.version(id)).isEqualTo(2);
    assertThat(rows.moveCount(id)).isEqualTo(1);
    assertThat(api.history(id).data().path("moves")).hasSize(1);
  }

  @Test
  void theSameKeyForAnotherStatusAnswers422AndMovesNothing() {
    long id = newCard();
    move(id, "CHECKED_IN", 1, key);

    Reply reused = move(id, "IN_PROGRESS", 1, key);

    assertThat(reused.status()).isEqualTo(422);
    assertThat(reused.error().path("code").asString()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(reused.json().path("ok").asBoolean()).isFalse();
    assertThat(rows.status(id)).isEqualTo("CHECKED_IN");
    assertThat(rows.moveCount(id)).isEqualTo(1);
  }

  @Test
  void aRepeatAfterTheCardMovedOnGetsItsOwnAnswerNotAConflict() {
    long id = newCard();
    Reply first = move(id, "CHECKED_IN", 1, key);
    assertThat(move(id, "IN_PROGRESS", 2, null).status()).isEqualTo(200);

    Reply repeat = move(id, "CHECKED_IN", 1, key);

    assertThat(repeat.status()).isEqualTo(200);
    assertThat(repeat.body()).isEqualTo(first.body());
    assertThat(rows.status(id)).isEqualTo("IN_PROGRESS");
    assertThat(rows.moveCount(id)).isEqualTo(2);
  }

  @Test
  void aMalformedKeyAnswers400NamingTheHeaderAndMovesNothing() {
    long id = newCard();

    Reply reply = move(id, "CHECKED_IN", 1, "not a key");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error().path("code").asString()).isEqualTo("VALIDATION_FAILED");
    assertThat(reply.error().path("field").asString()).isEqualTo("Idempotency-Key");
    assertThat(rows.version(id)).isEqualTo(1);
  }

  @Test
  void aConflictingMoveKeepsNoKeySoItsRepeatIsAnsweredAfresh() {
    long id = newCard();
    move(id, "CHECKED_IN", 1, null);

    Reply conflict = move(id, "IN_PROGRESS", 1, key);
    Reply repeat = move(id, "IN_PROGRESS", 1, key);

    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.error().path("code").asString()).isEqualTo("VERSION_CONFLICT");
    assertThat(repeat.status()).isEqualTo(409);
    assertThat(repeat.error().path("current_version").asLong()).isEqualTo(2);
    assertThat(rows.moveCount(id)).isEqualTo(1);
  }

  private long newCard() {
    return rows.create(Status.SCHEDULED, Instant.now().truncatedTo(ChronoUnit.HOURS));
  }

  private Reply move(long id, String status, long version, String idempotencyKey) {
    var request =
        api.request("/api/admin/appointments/" + id + "/move")
            .header("Content-Type", "application/json")
            .POST(Api.body("{\"status\":\"" + status + "\",\"version\":" + version + "}"));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return api.send(request);
  }
}
