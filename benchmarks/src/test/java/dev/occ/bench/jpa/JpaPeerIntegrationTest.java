package dev.occ.bench.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.bench.load.LoadTest;
import dev.occ.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JPA peer on PostgreSQL beside the example app, on one schema that the example app migrated
 * and filled with its demo cards: both answer the HTTP contract alike (each check runs on both),
 * and a short load run alternating between them loses no move. Both sign in the example app's demo
 * users with HTTP Basic and show each user only their shop: the checks run as {@code north-advisor}
 * unless they say otherwise.
 */
class JpaPeerIntegrationTest {
  private static final String USER = "north-advisor";
  private static final String VIEWER = "north-viewer";
  private static final String OTHER_SHOP = "south-advisor";
  private static final String PASSWORD = "demo-password";
  private static final String API = "/api/admin/appointments";
  private static final String ISO_UTC = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z";
  private static final List<String> STATUSES =
      List.of("SCHEDULED", "CHECKED_IN", "IN_PROGRESS", "READY", "COMPLETED");
  private static final Path OUT = Path.of("target", "jpa-peer");

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static TestDatabases.Schema schema;
  private static ExampleAppProcess occ;
  private static ConfigurableApplicationContext jpa;
  private static URI jpaUrl;

  @BeforeAll
  static void startBoth() throws Exception {
    schema = TestDatabases.freshPostgresSchema("jpa_peer");
    occ = ExampleAppProcess.start(schema, OUT);
    jpa =
        JpaShopApplication.start(
            "--server.port=0",
            "--server.address=127.0.0.1",
            "--shop.zone=UTC",
            "--spring.datasource.url=" + schema.url(),
            "--spring.datasource.username=" + schema.user(),
            "--spring.datasource.password=" + schema.password(),
            "--spring.flyway.schemas=" + schema.schema(),
            "--spring.flyway.default-schema=" + schema.schema());
    jpaUrl =
        URI.create(
            "http://127.0.0.1:" + jpa.getEnvironment().getRequiredProperty("local.server.port"));
  }

  @AfterAll
  static void stopBoth() throws Exception {
    if (jpa != null) {
      jpa.close();
    }
    if (occ != null) {
      occ.close();
    }
    if (schema != null) {
      schema.close();
    }
  }

  static Stream<String> apps() {
    return Stream.of("occ", "jpa");
  }

  private static URI url(String app) {
    return app.equals("occ") ? occ.url() : jpaUrl;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apps")
  void theBoardHasTheContractsShape(String app) throws Exception {
    Reply reply = get(app, boardPath());

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().path("ok").booleanValue()).isTrue();
    JsonNode columns = reply.json().path("data").path("columns");
    assertThat(columns.valueStream().map(c -> c.path("status").stringValue()))
        .containsExactlyElementsOf(STATUSES);
    List<JsonNode> cards = cards(reply);
    assertThat(cards).isNotEmpty();
    for (JsonNode column : columns) {
      for (JsonNode card : column.path("items")) {
        assertThat(card.path("appointment_id").isString()).isTrue();
        assertThat(card.path("status").stringValue())
            .isEqualTo(column.path("status").stringValue());
        assertThat(card.path("version").isIntegralNumber()).isTrue();
        assertThat(card.path("updated_at").stringValue()).matches(ISO_UTC);
        assertThat(card.path("start_ts").stringValue()).matches(ISO_UTC);
        assertThat(card.path("customer_name").isString()).isTrue();
        assertThat(card.path("vehicle").isString()).isTrue();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apps")
  void aMoveAnswersTheNextVersionWithAnETagAndIsRecorded(String app) throws Exception {
    JsonNode card = card(app, 0);
    String id = card.path("appointment_id").stringValue();
    long version = card.path("version").longValue();
    String to = other(card.path("status").stringValue());

    Reply reply = move(app, id, "{\"status\":\"" + to + "\",\"version\":" + version + "}", null);

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.etag()).isEqualTo("\"" + (version + 1) + "\"");
    JsonNode data = reply.json().path("data");
    assertThat(data.path("appointment_id").stringValue()).isEqualTo(id);
    assertThat(data.path("status").stringValue()).isEqualTo(to);
    assertThat(data.path("version").longValue()).isEqualTo(version + 1);
    assertThat(data.path("updated_at").stringValue()).matches(ISO_UTC);
    JsonNode moves = get(app, API + "/" + id + "/history").json().path("data").path("moves");
    JsonNode last = moves.path(moves.size() - 1);
    assertThat(last.path("from_version").longValue()).isEqualTo(version);
    assertThat(last.path("to_version").longValue()).isEqualTo(version + 1);
    assertThat(last.path("to_status").stringValue()).isEqualTo(to);
    assertThat(last.path("moved_at").stringValue())
        .isEqualTo(data.path("updated_at").stringValue());
    assertThat(last.path("moved_by").stringValue()).isEqualTo(USER);
    assertThat(movedBy(id, version + 1)).isEqualTo(USER);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apps")
  void ifMatchStandsInForTheBodysVersion(String app) throws Exception {
    JsonNode card = card(app, 1);
    String id = card.path("appointment_id").stringValue();
    long version = card.path("version").longValue();

    Reply reply =
        move(
            app,
            id,
            "{\"status\":\"" + other(card.path("status").stringValue()) + "\"}",
            "\"" + version + "\"");

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.etag()).isEqualTo("\"" + (version + 1) + "\"");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apps")
  void aStaleVersionIs409WithTheCurrentCard(String app) throws Exception {
    JsonNode card = card(app, 2);
    String id = card.path("appointment_id").stringValue();
    long version = card.path("version").longValue();
    String to = other(card.path("status").stringValue());
    assertThat(
            move(app, id, "{\"status\":\"" + to + "\",\"version\":" + version + "}", null).status())
        .isEqualTo(200);

    Reply stale =
        move(app, id, "{\"status\":\"" + other(to) + "\",\"version\":" + version + "}", null);

    assertThat(stale.status()).as(stale.body()).isEqualTo(409);
    JsonNode error = stale.json().path("error");
    assertThat(stale.json().path("ok").booleanValue()).isFalse();
    assertThat(error.path("code").stringValue()).isEqualTo("VERSION_CONFLICT");
    assertThat(error.path("current_version").longValue()).isEqualTo(version + 1);
    assertThat(error.path("current").path("appointment_id").stringValue()).isEqualTo(id);
    assertThat(error.path("current").path("version").longValue()).isEqualTo(version + 1);
    assertThat(error.path("current").path("status").stringValue()).isEqualTo(to);
    assertThat(stale.etag()).isEqualTo("\"" + (version + 1) + "\"");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apps")
  void withoutCredentialsTheApiIs401WithABasicChallengeAndMovesNothing(String app)
      throws Exception {
    JsonNode card = card(app, 4);
    String id = card.path("appointment_id").stringValue();
    long version = card.path("version").longValue();
    String body = moveToAnotherColumn(card);

    List<Reply> refused =
        List.of(
            send(unsigned(app, boardPath()).GET().build()),
            send(unsigned(app, API + "/" + id + "/history").GET().build()),
            send(json(unsigned(app, API + "/" + id + "/move"), body).build()),
            send(request(app, boardPath(), USER, "not-" + PASSWORD).GET().build()),
            send(request(app, boardPath(), "nobody", PASSWORD).GET().build()));

    for (Reply reply : refused) {
      assertThat(reply.status()).as(reply.body()).isEqualTo(401);
      assertThat(reply.challenge()).isEqualTo("Basic realm=\"shop\"");
      assertThat(reply.json().path("ok").booleanValue()).isFalse();
      assertThat(reply.json().path("error").path("code").stringValue())
          .isEqualTo("UNAUTHENTICATED");
    }
    assertThat(version(id)).isEqualTo(version);
    assertThat(send(unsigned(app, "/healthz").GET().build()).status()).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apps")
  void aViewerReadsButItsMoveIs403AndMovesNothing(String app) throws Exception {
    JsonNode card = card(app, 4);
    String id = card.path("appointment_id").stringValue();
    long version = card.path("version").longValue();
    String body = moveToAnotherColumn(card);

    Reply board = send(request(app, boardPath(), VIEWER, PASSWORD).GET().build());
    Reply history = send(request(app, API + "/" + id + "/history", VIEWER, PASSWORD).GET().build());
    Reply move = send(json(request(app, API + "/" + id + "/move", VIEWER, PASSWORD), body).build());

    assertThat(board.status()).as(board.body()).isEqualTo(200);
    assertThat(history.status()).as(history.body()).isEqualTo(200);
    assertThat(move.status()).as(move.body()).isEqualTo(403);
    assertThat(move.json().path("ok").booleanValue()).isFalse();
    assertThat(move.json().path("error").path("code").stringValue()).isEqualTo("FORBIDDEN");
    assertThat(version(id)).isEqualTo(version);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apps")
  void anotherShopsCardIsNotOnTheBoardAnd404ForItsMoveAndHistory(String app) throws Exception {
    List<JsonNode> southCards =
        cards(send(request(app, boardPath(), OTHER_SHOP, PASSWORD).GET().build()));
    assertThat(southCards).isNotEmpty();
    JsonNode card = southCards.get(southCards.size() - 1);
    String id = card.path("appointment_id").stringValue();
    long version = card.path("version").longValue();
    String body = moveToAnotherColumn(card);

    List<String> northIds =
        cards(get(app, boardPath())).stream()
            .map(c -> c.path("appointment_id").stringValue())
            .toList();
    Reply move = move(app, id, body, null);
    Reply history = get(app, API + "/" + id + "/history");

    assertThat(northIds).isNotEmpty().doesNotContain(id);
    for (Reply reply : List.of(move, history)) {
      assertThat(reply.status()).as(reply.body()).isEqualTo(404);
      assertThat(reply.json().path("error").path("code").stringValue()).isEqualTo("NOT_FOUND");
      assertThat(reply.json().path("error").path("appointment_id").stringValue()).isEqualTo(id);
    }
    assertThat(version(id)).isEqualTo(version);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apps")
  void anUnknownCardIs404(String app) throws Exception {
    Reply move = move(app, "999999999", "{\"status\":\"READY\",\"version\":1}", null);
    Reply history = get(app, API + "/999999999/history");

    assertThat(move.status()).isEqualTo(404);
    assertThat(move.json().path("error").path("code").stringValue()).isEqualTo("NOT_FOUND");
    assertThat(history.status()).isEqualTo(404);
    assertThat(history.json().path("error").path("code").stringValue()).isEqualTo("NOT_FOUND");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apps")
  void aBadRequestIs400NamingTheWrongInputAndMovesNothing(String app) throws Exception {
    JsonNode card = card(app, 3);
    String id = card.path("appointment_id").stringValue();
    long version = card.path("version").longValue();

    assertValidationFailed(move(app, id, "{\"status\":\"READY\",", null), "body");
    assertValidationFailed(
        move(app, id, "{\"status\":\"PARKED\",\"version\":" + version + "}", null), "status");
    assertValidationFailed(
        move(app, id, "{\"status\":\"READY\",\"version\":\"" + version + "\"}", null), "version");
    assertValidationFailed(move(app, id, "{\"status\":\"READY\",\"version\":-1}", null), "version");
    assertValidationFailed(move(app, id, "{\"status\":\"READY\"}", null), "version");
    assertValidationFailed(move(app, "abc", "{\"status\":\"READY\",\"version\":1}", null), "id");
    assertValidationFailed(get(app, API + "/board?from=2026-02-30"), "from");

    assertThat(card(app, 3).path("version").longValue()).isEqualTo(version);
  }

  @Test
  void bothAppsUnderAlternatingLoadOnOneDatabaseLoseNoMove() throws Exception {
    Path out = OUT.resolve("load");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int status =
        LoadTest.run(
            new String[] {
              "--target", "occ=" + occ.url() + ",jpa=" + jpaUrl,
              "--mode", "hot",
              "--users", "4",
              "--rounds", "2",
              "--duration", "2s",
              "--warmup", "500ms",
              "--from", today().toString(),
              "--to", today().plusDays(1).toString(),
              "--user", USER,
              "--password", PASSWORD,
              "--max-p95-ms", "0",
              "--target-p95-ms", "0",
              "--seed", "42",
              "--out", out.toString()
            },
            new PrintStream(printed, true, StandardCharsets.UTF_8),
            new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThat(status).as(printed.toString(StandardCharsets.UTF_8)).isEqualTo(LoadTest.PASSED);
    for (String app : List.of("occ", "jpa")) {
      JsonNode result =
          JSON.readTree(Files.readString(out.resolve("result-hot-closed-" + app + ".json")));
      assertThat(result.path("audit").path("acknowledged").longValue()).as(app).isPositive();
      assertThat(result.path("audit").path("lost_moves").longValue()).as(app).isZero();
      assertThat(result.path("audit").path("chain_breaks").longValue()).as(app).isZero();
      assertThat(result.path("errors").path("server_5xx").longValue()).as(app).isZero();
    }
    JsonNode comparison =
        JSON.readTree(Files.readString(out.resolve("comparison-hot-closed.json")));
    assertThat(comparison.path("audit_all_targets").path("lost_moves").longValue()).isZero();
    assertThat(comparison.path("audit_all_targets").path("unreadable_histories").longValue())
        .isZero();
    assertThat(
            comparison
                .path("targets")
                .path("jpa")
                .path("throughput_ratio")
                .path("rounds")
                .intValue())
        .isEqualTo(2);
  }

  // --- helpers ------------------------------------------------------------------------------

  private static LocalDate today() {
    return LocalDate.now(ZoneOffset.UTC);
  }

  private static String boardPath() {
    return API + "/board?from=" + today() + "&to=" + today().plusDays(1);
  }

  private static List<JsonNode> cards(Reply board) {
    List<JsonNode> cards = new ArrayList<>();
    board.json().path("data").path("columns").forEach(c -> c.path("items").forEach(cards::add));
    cards.sort(
        java.util.Comparator.comparingLong(
            c -> Long.parseLong(c.path("appointment_id").stringValue())));
    return cards;
  }

  /** The n-th card by id as the app shows it now, different for each test. */
  private static JsonNode card(String app, int n) throws Exception {
    List<JsonNode> cards = cards(get(app, boardPath()));
    // Past the hot cards the load run moves (the first three), so the tests keep to their own.
    return cards.get(cards.size() - 1 - n);
  }

  private static String other(String status) {
    return STATUSES.get((STATUSES.indexOf(status) + 1) % STATUSES.size());
  }

  private static void assertValidationFailed(Reply reply, String field) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    JsonNode error = reply.json().path("error");
    assertThat(error.path("code").stringValue()).isEqualTo("VALIDATION_FAILED");
    assertThat(error.path("field").stringValue()).isEqualTo(field);
    assertThat(reply.body()).doesNotContainIgnoringCase("exception").doesNotContain("SELECT");
  }

  private static Reply get(String app, String path) throws Exception {
    return send(request(app, path).GET().build());
  }

  private static Reply move(String app, String id, String body, String ifMatch) throws Exception {
    HttpRequest.Builder b = json(request(app, API + "/" + id + "/move"), body);
    if (ifMatch != null) {
      b.header("If-Match", ifMatch);
    }
    return send(b.build());
  }

  /** A move of the card to another column from the version it shows, as a request body. */
  private static String moveToAnotherColumn(JsonNode card) {
    return "{\"status\":\""
        + other(card.path("status").stringValue())
        + "\",\"version\":"
        + card.path("version").longValue()
        + "}";
  }

  /** The request posting the JSON body. */
  private static HttpRequest.Builder json(HttpRequest.Builder request, String body) {
    return request
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private static HttpRequest.Builder request(String app, String path) {
    return request(app, path, USER, PASSWORD);
  }

  private static HttpRequest.Builder request(
      String app, String path, String user, String password) {
    String basic =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return unsigned(app, path).header("Authorization", "Basic " + basic);
  }

  private static HttpRequest.Builder unsigned(String app, String path) {
    return HttpRequest.newBuilder(URI.create(url(app) + path))
        .timeout(Duration.ofSeconds(10))
        .header("Accept", "application/json");
  }

  private static Reply send(HttpRequest request) throws Exception {
    HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    return new Reply(
        r.statusCode(),
        r.body(),
        r.headers().firstValue("ETag").orElse(null),
        r.headers().firstValue("WWW-Authenticate").orElse(null));
  }

  /** The card's version as stored, read past both apps. */
  private static long version(String id) throws SQLException {
    try (Connection c = schema.connect();
        PreparedStatement s = c.prepareStatement("SELECT version FROM appointments WHERE id = ?")) {
      s.setLong(1, Long.parseLong(id));
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).as("appointment " + id).isTrue();
        return rs.getLong(1);
      }
    }
  }

  /** Who the stored history says made the card's move to this version. */
  private static String movedBy(String id, long toVersion) throws SQLException {
    try (Connection c = schema.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT m.moved_by, m.shop_id = a.shop_id FROM appointment_moves m"
                    + " JOIN appointments a ON a.id = m.appointment_id"
                    + " WHERE m.appointment_id = ? AND m.to_version = ?")) {
      s.setLong(1, Long.parseLong(id));
      s.setLong(2, toVersion);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).as("move of " + id + " to " + toVersion).isTrue();
        assertThat(rs.getBoolean(2)).as("the move's shop is its card's").isTrue();
        return rs.getString(1);
      }
    }
  }

  /**
   * A response: its status, its body, and the two headers the checks read (ETag and the Basic
   * challenge).
   */
  private record Reply(int status, String body, String etag, String challenge) {
    JsonNode json() {
      return JSON.readTree(body);
    }
  }
}
