package dev.occ.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The three calls of the example app's HTTP contract (DESIGN.md) the load test makes, each timed
 * from just before it is sent until its whole body has arrived. Thread-safe.
 */
final class ShopClient {
  private static final String API = "/api/admin/appointments";

  private final HttpClient http;
  private final String base;
  private final Duration timeout;
  private final @Nullable String authorization;

  /**
   * @param credentials sent with every request when not null
   */
  ShopClient(URI base, Duration timeout, @Nullable Credentials credentials) {
    // HTTP/1.1 with keep-alive, like a browser's fetch to a plain-HTTP app: no h2c upgrade dance.
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.base = base.toString();
    this.timeout = timeout;
    this.authorization = credentials == null ? null : credentials.header();
  }

  /** {@code GET /api/admin/appointments/board?from=…&to=…}. */
  Reply board(LocalDate from, LocalDate to) {
    return send(request(API + "/board?from=" + from + "&to=" + to).GET().build());
  }

  /** {@code POST /api/admin/appointments/{id}/move} with {@code {"status", "version"}}. */
  Reply move(String id, String status, long version) {
    ObjectNode json =
        ContractJson.MAPPER.createObjectNode().put("status", status).put("version", version);
    String body = json.toString();
    return send(
        request(API + "/" + segment(id) + "/move")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** {@code GET /api/admin/appointments/{id}/history}. */
  Reply history(String id) {
    return send(request(API + "/" + segment(id) + "/history").GET().build());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .header("Accept", "application/json");
    return authorization == null ? b : b.header("Authorization", authorization);
  }

  private Reply send(HttpRequest request) {
    long start = System.nanoTime();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Reply(
          Reply.TRANSPORT_ERROR, MissingNode.getInstance(), start, System.nanoTime(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Reply(
          Reply.TRANSPORT_ERROR,
          MissingNode.getInstance(),
          start,
          System.nanoTime(),
          "interrupted");
    }
    long end = System.nanoTime();
    JsonNode body = MissingNode.getInstance();
    String problem = null;
    try {
      body = response.body().isEmpty() ? body : ContractJson.read(response.body());
    } catch (IllegalArgumentException e) {
      problem = "unreadable body: " + e.getMessage();
    }
    return new Reply(response.statusCode(), body, start, end, problem);
  }

  private static String segment(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  /**
   * One response, or a transport failure.
   *
   * @param status the HTTP status, or {@link #TRANSPORT_ERROR}
   * @param body the parsed JSON body; a missing node if there was no readable one
   * @param startNanos when the request was handed to the client
   * @param endNanos when the whole response had arrived, or the failure happened
   * @param problem what went wrong with the exchange or the body, if anything
   */
  record Reply(
      int status, JsonNode body, long startNanos, long endNanos, @Nullable String problem) {
    /** The status of an exchange that got no HTTP response at all. */
    static final int TRANSPORT_ERROR = -1;

    boolean transportError() {
      return status == TRANSPORT_ERROR;
    }

    boolean serverError() {
      return status >= 500;
    }

    /** 401 or 403: the app did not let this user do it. */
    boolean refused() {
      return status == 401 || status == 403;
    }
  }
}
