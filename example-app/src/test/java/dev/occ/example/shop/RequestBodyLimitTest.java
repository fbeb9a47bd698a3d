package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.example.shop.security.UserAccounts;
import dev.occ.example.shop.support.Api;
import dev.occ.example.shop.support.BodyFlood;
import dev.occ.example.shop.support.Users;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body cap ({@code shop.max-body-size}, 16 KB) holds before any filter or the servlet container
 * reads a body: a large body to any path, with any method and content type, declared or chunked, is
 * refused or left unread, and the server reads at most about the cap before it answers and closes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RequestBodyLimitTest {
  private static final long CAP = 16 * 1024;
  private static final long FLOOD = 64L * 1024 * 1024;

  /**
   * What the server may have taken besides the cap: the part it swallows after an answer (at most
   * the cap again) and what sits in the two sockets' buffers. Far below the flood, and below the
   * servlet container's own defaults (2 MB of form or of body swallowed after an answer).
   */
  private static final long SLACK = 1024 * 1024;

  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String JSON = "application/json";
  private static final String MULTIPART = "multipart/form-data; boundary=aaaa";
  private static final String MOVE = "/api/admin/appointments/1/move";
  private static final String BOARD = "/api/admin/appointments/board";

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  @Autowired UserAccounts accounts;

  private BodyFlood flood;

  @BeforeEach
  void client() {
    Users.signUp(accounts);
    flood = new BodyFlood(port, Api.as(port, Users.NORTH_ADVISOR).authorization());
  }

  @ParameterizedTest(name = "{0} {1} {2} chunked={3} -> {4}")
  @MethodSource("floods")
  void aLargeBodyIsNotReadPastTheCap(
      String method, String path, String contentType, boolean chunked, int status) {
    String prefix = JSON.equals(contentType) ? "{\"pad\":\"" : "a=";
    BodyFlood.Outcome outcome = flood.send(method, path, contentType, prefix, FLOOD, chunked);

    assertThat(outcome.status()).as(outcome.head() + outcome.body()).isEqualTo(status);
    assertThat(outcome.sentBeforeAnswer())
        .as("body bytes sent before the answer")
        .isLessThan(CAP + SLACK);
    assertThat(outcome.sentInAll())
        .as("body bytes sent before the server closed the connection")
        .isLessThan(CAP + SLACK);
    assertThat(outcome.head()).containsIgnoringCase("Content-Type: application/json");
    if (status == 413) {
      JsonNode answer = JsonMapper.builder().build().readTree(unchunk(outcome.body()));
      assertThat(answer.get("ok").booleanValue()).isFalse();
      assertThat(answer.get("error").get("code").stringValue()).isEqualTo("PAYLOAD_TOO_LARGE");
      assertThat(outcome.closes()).as("413 closes the connection").isTrue();
    }
  }

  static Stream<Arguments> floods() {
    return Stream.of(
        // Spring's FormContentFilter reads the body of PUT, PATCH and DELETE forms, on every path.
        Arguments.of("PUT", "/anything", FORM, false, 413),
        Arguments.of("PUT", "/anything", FORM, true, 413),
        Arguments.of("PATCH", "/anything", FORM, true, 413),
        Arguments.of("DELETE", "/anything", FORM, true, 413),
        Arguments.of("PUT", MOVE, FORM, true, 413),
        // Tomcat parses POST forms when a parameter is asked for; nothing asks on these paths.
        Arguments.of("POST", "/anything", FORM, false, 413),
        Arguments.of("POST", "/anything", FORM, true, 404),
        Arguments.of("POST", BOARD, FORM, true, 405),
        Arguments.of("POST", MOVE, FORM, true, 415),
        // Multipart bodies are never parsed: the app takes no uploads.
        Arguments.of("POST", "/anything", MULTIPART, true, 404),
        Arguments.of("POST", MOVE, MULTIPART, true, 415),
        // JSON, as the move reads it.
        Arguments.of("POST", MOVE, JSON, false, 413),
        Arguments.of("POST", MOVE, JSON, true, 413),
        Arguments.of("PUT", MOVE, JSON, true, 405),
        Arguments.of("GET", BOARD, null, true, 200),
        Arguments.of("POST", "/anything", null, false, 413),
        Arguments.of("POST", "/anything", null, true, 404));
  }

  @Test
  void aBodyTheFilterRefusesIsCountedInTheHttpMetrics() throws InterruptedException {
    double before = refusedByTheFilter();

    flood.send("PUT", "/anything", FORM, "a=", FLOOD, true);

    // The observation ends when the filter chain returns, which may be just after the answer left.
    double after = refusedByTheFilter();
    for (int i = 0; i < 50 && after == before; i++) {
      Thread.sleep(100);
      after = refusedByTheFilter();
    }
    assertThat(after).isEqualTo(before + 1);
  }

  /**
   * PUTs answered 413 before Spring MVC chose a handler (uri {@code UNKNOWN}): the filter's own
   * answers, which only a filter that runs inside the observation filter lets it count.
   */
  private double refusedByTheFilter() {
    return new Api(managementPort)
        .get("/actuator/prometheus")
        .body()
        .lines()
        .filter(line -> line.startsWith("http_server_requests_seconds_count{"))
        .filter(line -> line.contains("method=\"PUT\"") && line.contains("status=\"413\""))
        .filter(line -> line.contains("uri=\"UNKNOWN\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Test
  void aChunkedBodyUnderTheCapIsReadWhole() {
    String move = "{\"status\":\"SCHEDULED\",\"version\":0,\"pad\":\"" + "x".repeat(15_000) + "\"}";
    Api api = Api.as(port, Users.NORTH_ADVISOR);

    Api.Reply reply =
        api.send(
            api.request(MOVE)
                .header("Content-Type", JSON)
                .POST(Api.chunked(move.getBytes(StandardCharsets.UTF_8))));

    // Read whole and understood: version 0 is no card's version, so the move is a conflict.
    assertThat(reply.status()).as(reply.body()).isEqualTo(409);
    assertThat(reply.error().get("code").stringValue()).isEqualTo("VERSION_CONFLICT");
  }

  /** Joins the chunks of a chunked answer; returns an answer with a Content-Length as it is. */
  private static String unchunk(String body) {
    if (body.startsWith("{")) {
      return body;
    }
    StringBuilder joined = new StringBuilder();
    int at = 0;
    while (true) {
      int lineEnd = body.indexOf("\r\n", at);
      int size = Integer.parseInt(body.substring(at, lineEnd).strip(), 16);
      if (size == 0) {
        return joined.toString();
      }
      joined.append(body, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
  }
}
