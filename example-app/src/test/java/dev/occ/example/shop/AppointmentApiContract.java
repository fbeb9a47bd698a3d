package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.Occ;
import dev.occ.example.shop.appointments.Status;
import dev.occ.example.shop.security.UserAccounts;
import dev.occ.example.shop.support.Api;
import dev.occ.example.shop.support.Appointments;
import dev.occ.example.shop.support.ConcurrentMoves;
import dev.occ.example.shop.support.Users;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP contract of DESIGN.md, written once and run on every database through a real port: one
 * subclass per database supplies the data source.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"shop.zone=" + AppointmentApiContract.ZONE, "shop.demo-data=false"})
abstract class AppointmentApiContract {
  static final String ZONE = "America/New_York";
  static final ZoneId SHOP_ZONE = ZoneId.of(ZONE);
  private static final String BOARD = "/api/admin/appointments/board";
  private static final String ISO_UTC = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z";

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  @Autowired Occ occ;
  @Autowired UserAccounts accounts;
  @Autowired DataSource dataSource;

  Api api;
  Appointments rows;

  @BeforeEach
  void clients() {
    Users.signUp(accounts);
    api = Api.as(port, Users.NORTH_ADVISOR);
    rows = new Appointments(ownerOcc());
  }

  /**
   * Occ for the test's own reads and writes past the API: the app's own where nothing binds it, the
   * tables' owner where row-level security would bind the app's role.
   */
  Occ ownerOcc() {
    return occ;
  }

  /**
   * The error code of a move that waits on a row lock that another session holds for too long: the
   * databases report it differently (see the subclasses).
   */
  abstract String codeOfAMoveBlockedTooLong();

  static Instant at(LocalDate day, int hour, int minute) {
    return day.atTime(hour, minute).atZone(SHOP_ZONE).toInstant();
  }

  static LocalDate today() {
    return LocalDate.now(SHOP_ZONE);
  }

  long newCard() {
    return rows.create(Status.SCHEDULED, at(today(), 10, 0));
  }

  // --- health -------------------------------------------------------------------------------

  @Test
  void healthzAnswersOkWhenTheDatabaseAnswers() {
    Api.Reply reply = api.get("/healthz");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("ok").booleanValue()).isTrue();
  }

  // --- board --------------------------------------------------------------------------------

  @Test
  void boardDefaultsToTodayAndListsEveryStatusInBoardOrder() {
    long today = rows.create(Status.IN_PROGRESS, at(today(), 12, 0));
    long tomorrow = rows.create(Status.IN_PROGRESS, at(today().plusDays(1), 12, 0));

    Api.Reply reply = api.get(BOARD);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("ok").booleanValue()).isTrue();
    JsonNode columns = reply.data().get("columns");
    assertThat(columns.valueStream().map(c -> c.get("status").stringValue()))
        .containsExactly("SCHEDULED", "CHECKED_IN", "IN_PROGRESS", "READY", "COMPLETED");
    assertThat(ids(columns.get(2)))
        .contains(Long.toString(today))
        .doesNotContain(Long.toString(tomorrow));
    assertThat(reply.data().get("from").stringValue()).isEqualTo(today().toString());
    assertThat(reply.data().get("to").stringValue()).isEqualTo(today().toString());
  }

  @Test
  void cardCarriesTheContractsFields() {
    LocalDate day = LocalDate.of(2031, 5, 6);
    long id = rows.create(Status.READY, at(day, 9, 30));

    JsonNode card =
        api.get(BOARD + "?from=" + day + "&to=" + day)
            .data()
            .get("columns")
            .get(3)
            .get("items")
            .get(0);

    assertThat(card.get("appointment_id").isString()).isTrue();
    assertThat(card.get("appointment_id").stringValue()).isEqualTo(Long.toString(id));
    assertThat(card.get("status").stringValue()).isEqualTo("READY");
    assertThat(card.get("version").longValue()).isEqualTo(1);
    assertThat(card.get("updated_at").stringValue()).matches(ISO_UTC);
    assertThat(card.get("start_ts").stringValue()).matches(ISO_UTC);
    assertThat(Instant.parse(card.get("start_ts").stringValue())).isEqualTo(at(day, 9, 30));
    assertThat(card.get("customer_name").stringValue()).isEqualTo("Test Customer");
    assertThat(card.get("vehicle").stringValue()).isEqualTo("Test Vehicle");
  }

  @Test
  void boardShowsTheCardsOfEveryDayFromToInclusiveInTheShopsZone() {
    LocalDate day = LocalDate.of(2031, 3, 14);
    long dayBefore = rows.create(Status.SCHEDULED, at(day, 0, 0).minusMillis(1));
    long first = rows.create(Status.SCHEDULED, at(day, 0, 0));
    long last = rows.create(Status.COMPLETED, at(day.plusDays(1), 0, 0).minusMillis(1));
    long dayAfter = rows.create(Status.SCHEDULED, at(day.plusDays(1), 0, 0));

    assertThat(allIds(api.get(BOARD + "?from=" + day + "&to=" + day)))
        .containsExactlyInAnyOrder(Long.toString(first), Long.toString(last));
    assertThat(allIds(api.get(BOARD + "?from=" + day.minusDays(1) + "&to=" + day.plusDays(1))))
        .containsExactlyInAnyOrder(
            Long.toString(dayBefore),
            Long.toString(first),
            Long.toString(last),
            Long.toString(dayAfter));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBoardQueries")
  void boardRejectsBadDates(String query, String field) {
    Api.Reply reply = api.get(BOARD + "?" + query);
    assertValidationFailed(reply, field);
  }

  static Stream<Arguments> badBoardQueries() {
    return Stream.of(
        Arguments.of("from=2026-13-01", "from"),
        Arguments.of("from=2026-02-30", "from"),
        Arguments.of("from=tomorrow", "from"),
        Arguments.of("from=2026-1-01", "from"),
        Arguments.of("from=", "from"),
        Arguments.of("to=01%2F02%2F2026", "to"),
        Arguments.of("from=2026-03-02&to=2026-03-01", "from"),
        Arguments.of("from=2026-01-01&to=2026-12-31", "to"));
  }

  @Test
  void boardRejectsAQueryThatIsNotUrlEncoded() {
    Api.Reply reply = api.rawGet(BOARD + "?from=%zz");
    assertValidationFailed(reply, "query");
    assertNoInternals(reply);
  }

  // --- move ---------------------------------------------------------------------------------

  @Test
  void moveAnswersTheNextVersionWithAnETagAndRecordsTheMove() {
    long id = newCard();

    Api.Reply reply = api.move(id, "CHECKED_IN", 1);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("ETag")).isEqualTo("\"2\"");
    JsonNode data = reply.data();
    assertThat(data.get("appointment_id").stringValue()).isEqualTo(Long.toString(id));
    assertThat(data.get("status").stringValue()).isEqualTo("CHECKED_IN");
    assertThat(data.get("version").longValue()).isEqualTo(2);
    assertThat(data.get("updated_at").stringValue()).matches(ISO_UTC);
    assertThat(rows.version(id)).isEqualTo(2);
    assertThat(rows.status(id)).isEqualTo("CHECKED_IN");
    JsonNode moves = api.history(id).data().get("moves");
    assertThat(moves.size()).isEqualTo(1);
    assertThat(moves.get(0).get("from_status").stringValue()).isEqualTo("SCHEDULED");
    assertThat(moves.get(0).get("to_status").stringValue()).isEqualTo("CHECKED_IN");
    assertThat(moves.get(0).get("from_version").longValue()).isEqualTo(1);
    assertThat(moves.get(0).get("to_version").longValue()).isEqualTo(2);
    assertThat(moves.get(0).get("moved_at").stringValue())
        .isEqualTo(data.get("updated_at").stringValue());
  }

  @Test
  void ifMatchStandsInForTheBodysVersion() {
    long id = newCard();

    Api.Reply alone =
        api.send(moveRequest(id, "{\"status\":\"READY\"}").header("If-Match", "\"1\""));
    Api.Reply both =
        api.send(
            moveRequest(id, "{\"status\":\"COMPLETED\",\"version\":2}")
                .header("If-Match", "\"2\""));

    assertThat(alone.status()).isEqualTo(200);
    assertThat(alone.header("ETag")).isEqualTo("\"2\"");
    assertThat(both.status()).isEqualTo(200);
    assertThat(both.data().get("version").longValue()).isEqualTo(3);
    assertThat(rows.version(id)).isEqualTo(3);
  }

  @Test
  void staleMoveIsAConflictCarryingTheCurrentCard() {
    long id = newCard();
    assertThat(api.move(id, "CHECKED_IN", 1).status()).isEqualTo(200);

    Api.Reply reply = api.move(id, "READY", 1);

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.header("ETag")).isEqualTo("\"2\"");
    assertThat(reply.json().get("ok").booleanValue()).isFalse();
    JsonNode error = reply.error();
    assertThat(error.get("code").stringValue()).isEqualTo("VERSION_CONFLICT");
    assertThat(error.get("message").stringValue()).isNotBlank();
    assertThat(error.get("expected_version").longValue()).isEqualTo(1);
    assertThat(error.get("current_version").longValue()).isEqualTo(2);
    JsonNode current = error.get("current");
    assertThat(current.get("appointment_id").stringValue()).isEqualTo(Long.toString(id));
    assertThat(current.get("status").stringValue()).isEqualTo("CHECKED_IN");
    assertThat(current.get("version").longValue()).isEqualTo(2);
    assertThat(current.get("updated_at").stringValue()).matches(ISO_UTC);
    assertThat(current.get("start_ts").stringValue()).matches(ISO_UTC);
    assertThat(rows.status(id)).isEqualTo("CHECKED_IN");
    assertThat(rows.moveCount(id)).isEqualTo(1);
  }

  @Test
  void versionAheadOfTheCardIsAConflictToo() {
    long id = newCard();

    Api.Reply reply = api.move(id, "READY", 7);

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.error().get("current_version").longValue()).isEqualTo(1);
    assertUnchanged(id);
  }

  @Test
  void moveOfAnUnknownAppointmentIsNotFound() {
    long unknown = newCard() + 1_000_000;

    Api.Reply reply = api.move(unknown, "READY", 1);

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.error().get("code").stringValue()).isEqualTo("NOT_FOUND");
    assertThat(reply.error().get("message").stringValue()).isNotBlank();
  }

  @Test
  void moveToTheStatusItHasIsAMoveLikeAnyOther() {
    long id = newCard();

    Api.Reply reply = api.move(id, "SCHEDULED", 1);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.data().get("version").longValue()).isEqualTo(2);
    JsonNode move = api.history(id).data().get("moves").get(0);
    assertThat(move.get("from_status").stringValue()).isEqualTo("SCHEDULED");
    assertThat(move.get("to_status").stringValue()).isEqualTo("SCHEDULED");
  }

  @Test
  void moveBlockedBehindAStuckSessionGets503WithRetryAfterAndChangesNothing() throws Exception {
    long id = newCard();
    try (Handle stuck = ownerOcc().jdbi().open()) {
      stuck.begin();
      stuck
          .createQuery("SELECT status FROM appointments WHERE id = :id FOR UPDATE")
          .bind("id", id)
          .mapTo(String.class)
          .one();
      Api.Reply reply = api.move(id, "READY", 1);
      stuck.rollback();

      assertThat(reply.status()).isEqualTo(503);
      assertThat(reply.header("Retry-After")).isEqualTo("1");
      assertThat(reply.error().get("code").stringValue()).isEqualTo(codeOfAMoveBlockedTooLong());
      assertNoInternals(reply);
    }
    assertUnchanged(id);
  }

  // --- shops: another shop's cards are not found (DESIGN.md invariant 8) ---------------------

  @Test
  void eachShopsBoardShowsItsOwnCardsOnly() {
    long north = newCard();
    long south = rows.create("south", Status.SCHEDULED, at(today(), 10, 0));

    List<String> northBoard = allIds(api.get(BOARD));
    List<String> southBoard = allIds(Api.as(port, Users.SOUTH_VIEWER).get(BOARD));

    assertThat(northBoard).contains(Long.toString(north)).doesNotContain(Long.toString(south));
    assertThat(southBoard).contains(Long.toString(south)).doesNotContain(Long.toString(north));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("movesOfAnotherShopsCard")
  void anotherShopsCardCannotBeMovedAndIsNotFoundNeverAConflict(
      String name, String body, String ifMatch, boolean idempotencyKey) {
    long south = rows.create("south", Status.SCHEDULED, at(today(), 10, 0));
    HttpRequest.Builder request = moveRequest(south, body);
    if (ifMatch != null) {
      request.header("If-Match", ifMatch);
    }
    String key = UUID.randomUUID().toString();
    if (idempotencyKey) {
      request.header("Idempotency-Key", key);
    }

    Api.Reply reply = api.send(request);

    assertNotFoundRevealingNothing(reply, south);
    if (idempotencyKey) {
      HttpRequest.Builder again = moveRequest(south, body).header("Idempotency-Key", key);
      if (ifMatch != null) {
        again.header("If-Match", ifMatch);
      }
      assertNotFoundRevealingNothing(api.send(again), south);
    }
    assertThat(rows.version(south)).as("version").isEqualTo(1);
    assertThat(rows.status(south)).as("status").isEqualTo("SCHEDULED");
    assertThat(rows.moveCount(south)).as("moves").isZero();
  }

  static Stream<Arguments> movesOfAnotherShopsCard() {
    return Stream.of(
        Arguments.of("its version", "{\"status\":\"READY\",\"version\":1}", null, false),
        Arguments.of("a stale version", "{\"status\":\"READY\",\"version\":7}", null, false),
        Arguments.of("If-Match of its version", "{\"status\":\"READY\"}", "\"1\"", false),
        Arguments.of("a stale If-Match", "{\"status\":\"READY\"}", "\"7\"", false),
        Arguments.of(
            "its version, Idempotency-Key", "{\"status\":\"READY\",\"version\":1}", null, true),
        Arguments.of("If-Match and Idempotency-Key", "{\"status\":\"READY\"}", "\"1\"", true));
  }

  @Test
  void anotherShopsHistoryIsNotFound() {
    long south = rows.create("south", Status.SCHEDULED, at(today(), 10, 0));
    assertThat(Api.as(port, Users.SOUTH_ADVISOR).move(south, "CHECKED_IN", 1).status())
        .isEqualTo(200);

    Api.Reply reply = Api.as(port, Users.NORTH_VIEWER).history(south);

    assertNotFoundRevealingNothing(reply, south);
    JsonNode own = Api.as(port, Users.SOUTH_VIEWER).history(south).data().get("moves");
    assertThat(own).hasSize(1);
    assertThat(own.get(0).get("moved_by").stringValue()).isEqualTo(Users.SOUTH_ADVISOR);
  }

  private static void assertNotFoundRevealingNothing(Api.Reply reply, long id) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(404);
    assertThat(reply.error().get("code").stringValue()).isEqualTo("NOT_FOUND");
    assertThat(reply.headers().allValues("ETag")).isEmpty();
    assertThat(reply.error().has("current_version")).isFalse();
    assertThat(reply.error().has("current")).isFalse();
    assertThat(reply.body()).doesNotContain("SCHEDULED", "Test Customer");
    assertNoInternals(reply);
  }

  // --- bad input ------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("badMoves")
  void badMoveInputGetsA4xxAndChangesNothing(
      String name,
      String pathSuffix,
      String contentType,
      byte[] body,
      boolean chunked,
      String ifMatch,
      int status,
      String code,
      String field) {
    long id = newCard();
    String path = "/api/admin/appointments/" + pathSuffix.replace("{id}", Long.toString(id));
    HttpRequest.Builder request = api.request(path);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (ifMatch != null) {
      request.header("If-Match", ifMatch);
    }
    request.POST(chunked ? Api.chunked(body) : HttpRequest.BodyPublishers.ofByteArray(body));

    Api.Reply reply = api.send(request);

    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.json().get("ok").booleanValue()).isFalse();
    assertThat(reply.error().get("code").stringValue()).isEqualTo(code);
    assertThat(reply.error().get("message").stringValue()).isNotBlank();
    if (field != null) {
      assertThat(reply.error().get("field").stringValue()).isEqualTo(field);
    }
    assertNoInternals(reply);
    assertUnchanged(id);
  }

  static Stream<Arguments> badMoves() {
    String json = "application/json";
    return Stream.of(
        bad("unknown status", json, "{\"status\":\"DONE\",\"version\":1}", 400, "status"),
        bad("lower-case status", json, "{\"status\":\"ready\",\"version\":1}", 400, "status"),
        bad("missing status", json, "{\"version\":1}", 400, "status"),
        bad("null status", json, "{\"status\":null,\"version\":1}", 400, "status"),
        bad("numeric status", json, "{\"status\":3,\"version\":1}", 400, "status"),
        bad("missing version", json, "{\"status\":\"READY\"}", 400, "version"),
        bad("null version", json, "{\"status\":\"READY\",\"version\":null}", 400, "version"),
        bad(
            "version as a string",
            json,
            "{\"status\":\"READY\",\"version\":\"1\"}",
            400,
            "version"),
        bad("fractional version", json, "{\"status\":\"READY\",\"version\":1.5}", 400, "version"),
        bad("version 1.0", json, "{\"status\":\"READY\",\"version\":1.0}", 400, "version"),
        bad("boolean version", json, "{\"status\":\"READY\",\"version\":true}", 400, "version"),
        bad("negative version", json, "{\"status\":\"READY\",\"version\":-1}", 400, "version"),
        bad(
            "version past 2^53-1",
            json,
            "{\"status\":\"READY\",\"version\":9007199254740992}",
            400,
            "version"),
        bad(
            "version past a long",
            json,
            "{\"status\":\"READY\",\"version\":99999999999999999999}",
            400,
            "version"),
        bad("version 1e30", json, "{\"status\":\"READY\",\"version\":1e30}", 400, "version"),
        bad("malformed JSON", json, "{\"status\":\"READY\",", 400, "body"),
        bad("empty body", json, "", 400, "body"),
        bad("JSON array", json, "[{\"status\":\"READY\",\"version\":1}]", 400, "body"),
        bad("JSON string", json, "\"READY\"", 400, "body"),
        bad("JSON nested too deep", json, "[".repeat(3000) + "]".repeat(3000), 400, "body"),
        bad(
            "status twice",
            json,
            "{\"status\":\"READY\",\"status\":\"SCHEDULED\",\"version\":1}",
            400,
            "status"),
        bad(
            "version twice",
            json,
            "{\"status\":\"READY\",\"version\":1,\"version\":2}",
            400,
            "version"),
        bad(
            "a nested key twice",
            json,
            "{\"status\":\"READY\",\"version\":1,\"note\":{\"a\":1,\"a\":2}}",
            400,
            "note.a"),
        Arguments.of(
            "not UTF-8",
            "{id}/move",
            json,
            new byte[] {'{', '"', 's', '"', ':', (byte) 0xC3, (byte) 0x28, '}'},
            false,
            null,
            400,
            "VALIDATION_FAILED",
            "body"),
        Arguments.of(
            "If-Match unquoted",
            "{id}/move",
            json,
            bytes("{\"status\":\"READY\"}"),
            false,
            "1",
            400,
            "VALIDATION_FAILED",
            "If-Match"),
        Arguments.of(
            "If-Match weak",
            "{id}/move",
            json,
            bytes("{\"status\":\"READY\"}"),
            false,
            "W/\"1\"",
            400,
            "VALIDATION_FAILED",
            "If-Match"),
        Arguments.of(
            "If-Match star",
            "{id}/move",
            json,
            bytes("{\"status\":\"READY\"}"),
            false,
            "*",
            400,
            "VALIDATION_FAILED",
            "If-Match"),
        Arguments.of(
            "If-Match and body disagree",
            "{id}/move",
            json,
            bytes("{\"status\":\"READY\",\"version\":1}"),
            false,
            "\"2\"",
            400,
            "VALIDATION_FAILED",
            "version"),
        Arguments.of(
            "non-numeric id",
            "abc/move",
            json,
            bytes("{\"status\":\"READY\",\"version\":1}"),
            false,
            null,
            400,
            "VALIDATION_FAILED",
            "id"),
        Arguments.of(
            "id 0",
            "0/move",
            json,
            bytes("{\"status\":\"READY\",\"version\":1}"),
            false,
            null,
            400,
            "VALIDATION_FAILED",
            "id"),
        Arguments.of(
            "negative id",
            "-1/move",
            json,
            bytes("{\"status\":\"READY\",\"version\":1}"),
            false,
            null,
            400,
            "VALIDATION_FAILED",
            "id"),
        Arguments.of(
            "id past a long",
            "99999999999999999999/move",
            json,
            bytes("{\"status\":\"READY\",\"version\":1}"),
            false,
            null,
            400,
            "VALIDATION_FAILED",
            "id"),
        Arguments.of(
            "text/plain body",
            "{id}/move",
            "text/plain",
            bytes("{\"status\":\"READY\",\"version\":1}"),
            false,
            null,
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            null),
        Arguments.of(
            "form body",
            "{id}/move",
            "application/x-www-form-urlencoded",
            bytes("status=READY&version=1"),
            false,
            null,
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            null),
        Arguments.of(
            "no content type",
            "{id}/move",
            null,
            bytes("{\"status\":\"READY\",\"version\":1}"),
            false,
            null,
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            null),
        Arguments.of(
            "body over 16 KB",
            "{id}/move",
            json,
            oversized(),
            false,
            null,
            413,
            "PAYLOAD_TOO_LARGE",
            null),
        Arguments.of(
            "chunked body over 16 KB",
            "{id}/move",
            json,
            oversized(),
            true,
            null,
            413,
            "PAYLOAD_TOO_LARGE",
            null));
  }

  private static Arguments bad(
      String name, String contentType, String body, int status, String field) {
    return Arguments.of(
        name,
        "{id}/move",
        contentType,
        bytes(body),
        false,
        null,
        status,
        "VALIDATION_FAILED",
        field);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A valid move, padded past 16 KB with an extra field. */
  private static byte[] oversized() {
    return bytes("{\"status\":\"READY\",\"version\":1,\"pad\":\"" + "x".repeat(17 * 1024) + "\"}");
  }

  // --- history ------------------------------------------------------------------------------

  @Test
  void historyListsTheMovesInOrder() {
    long id = newCard();
    api.move(id, "CHECKED_IN", 1);
    api.move(id, "IN_PROGRESS", 2);
    api.move(id, "CHECKED_IN", 3);

    Api.Reply reply = api.history(id);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.data().get("appointment_id").stringValue()).isEqualTo(Long.toString(id));
    List<String> steps = new ArrayList<>();
    for (JsonNode m : reply.data().get("moves")) {
      steps.add(
          m.get("from_status").stringValue()
              + "@"
              + m.get("from_version").longValue()
              + "->"
              + m.get("to_status").stringValue()
              + "@"
              + m.get("to_version").longValue());
      assertThat(m.get("moved_at").stringValue()).matches(ISO_UTC);
    }
    assertThat(steps)
        .containsExactly(
            "SCHEDULED@1->CHECKED_IN@2",
            "CHECKED_IN@2->IN_PROGRESS@3",
            "IN_PROGRESS@3->CHECKED_IN@4");
  }

  @Test
  void historyOfANewCardIsEmpty() {
    Api.Reply reply = api.history(newCard());
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.data().get("moves").size()).isZero();
  }

  @Test
  void historyOfAnUnknownAppointmentIsNotFound() {
    Api.Reply reply = api.history(newCard() + 1_000_000);
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.error().get("code").stringValue()).isEqualTo("NOT_FOUND");
  }

  @Test
  void historyOfABadIdIsRejected() {
    assertValidationFailed(api.get("/api/admin/appointments/x1/history"), "id");
  }

  // --- paths and methods --------------------------------------------------------------------

  @Test
  void unknownPathIsNotFoundInTheEnvelope() {
    Api.Reply reply = api.get("/api/admin/appointments/1/nothing-here");
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.error().get("code").stringValue()).isEqualTo("NOT_FOUND");
    assertNoInternals(reply);
  }

  @Test
  void errorPageAskedForDirectlyIsNotFoundInTheEnvelope() {
    Api.Reply reply = api.get("/error");
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.error().get("code").stringValue()).isEqualTo("NOT_FOUND");
  }

  @Test
  void wrongMethodIsNotAllowedInTheEnvelope() {
    Api.Reply get = api.get("/api/admin/appointments/1/move");
    Api.Reply delete = api.send(api.request(BOARD).DELETE());

    assertThat(get.status()).isEqualTo(405);
    assertThat(get.header("Allow")).isEqualTo("POST");
    assertThat(get.error().get("code").stringValue()).isEqualTo("METHOD_NOT_ALLOWED");
    assertThat(delete.status()).isEqualTo(405);
    assertThat(delete.error().get("code").stringValue()).isEqualTo("METHOD_NOT_ALLOWED");
  }

  @Test
  void noControllerTakesTheRootSoTheBoardPageIsServedThere(
      @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
    assertThat(mappings.getHandlerMethods().keySet())
        .flatMap(info -> List.copyOf(info.getPatternValues()))
        .isNotEmpty()
        .doesNotContain("/", "", "/index.html", "/**");
  }

  // --- monitoring ---------------------------------------------------------------------------

  @Test
  void prometheusShowsMovesByOutcomeAndAnswersByStatus() {
    long id = newCard();
    api.move(id, "READY", 1);
    api.move(id, "READY", 1);

    String metrics = new Api(managementPort).get("/actuator/prometheus").body();

    assertThat(metrics)
        .contains("shop_moves_seconds_count{outcome=\"moved\"}")
        .contains("shop_moves_seconds_count{outcome=\"conflict\"}")
        .contains("shop_moves_seconds_bucket{outcome=\"moved\",le=\"0.4\"}")
        .containsPattern(
            "http_server_requests_seconds_count\\{[^}]*status=\"409\"[^}]*uri=\"/api/admin/appointments/\\{id}/move\"")
        // occ's own meters, from the starter's metrics auto-configuration
        .containsPattern(
            "occ_update_seconds_count\\{[^}]*operation=\"update\",outcome=\"success\",table=\"appointments\"")
        .containsPattern(
            "occ_update_seconds_count\\{[^}]*operation=\"update\",outcome=\"conflict\",table=\"appointments\"");
  }

  // --- concurrency --------------------------------------------------------------------------

  @Test
  void concurrentMovesLoseNothing() throws Exception {
    List<Long> cards = List.of(newCard(), newCard(), newCard());

    ConcurrentMoves.Outcome outcome =
        ConcurrentMoves.run(
            List.of(api, Api.as(port, Users.NORTH_ADVISOR_2)), cards, 1, 8, Duration.ofSeconds(5));

    ConcurrentMoves.assertNothingLost(outcome, cards, 1, "SCHEDULED", rows, api);
  }

  // --- helpers --------------------------------------------------------------------------------

  HttpRequest.Builder moveRequest(long id, String json) {
    return api.request("/api/admin/appointments/" + id + "/move")
        .header("Content-Type", "application/json")
        .POST(Api.body(json));
  }

  void assertUnchanged(long id) {
    assertThat(rows.version(id)).as("version").isEqualTo(1);
    assertThat(rows.status(id)).as("status").isEqualTo("SCHEDULED");
    assertThat(rows.moveCount(id)).as("moves").isZero();
  }

  static void assertValidationFailed(Api.Reply reply, String field) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    assertThat(reply.json().get("ok").booleanValue()).isFalse();
    assertThat(reply.error().get("code").stringValue()).isEqualTo("VALIDATION_FAILED");
    assertThat(reply.error().get("field").stringValue()).isEqualTo(field);
    assertThat(reply.error().get("message").stringValue()).isNotBlank();
  }

  /** No stack trace, exception class or SQL reaches a client. */
  static void assertNoInternals(Api.Reply reply) {
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    assertThat(reply.body())
        .doesNotContain(
            "Exception", "\tat ", "SELECT", "UPDATE", "INSERT", "SQL", "jackson", "org.");
  }

  static List<String> ids(JsonNode column) {
    return column
        .get("items")
        .valueStream()
        .map(c -> c.get("appointment_id").stringValue())
        .toList();
  }

  static List<String> allIds(Api.Reply board) {
    return board.data().get("columns").valueStream().flatMap(c -> ids(c).stream()).toList();
  }
}
