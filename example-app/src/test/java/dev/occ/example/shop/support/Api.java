package dev.occ.example.shop.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client of the shop's API on a real port, as any other client would use it. */
public final class Api {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String base;
  private final @Nullable String authorization;

  /** A client that sends no credentials. */
  public Api(int port) {
    this(port, null);
  }

  private Api(int port, @Nullable String authorization) {
    this.base = "http://127.0.0.1:" + port;
    this.authorization = authorization;
  }

  /**
   * A client that signs every request in with HTTP Basic as the user, password {@link
   * Users#PASSWORD}.
   */
  public static Api as(int port, String username) {
    return basic(port, username, Users.PASSWORD);
  }

  /** A client that signs every request in with HTTP Basic. */
  public static Api basic(int port, String username, String password) {
    return new Api(
        port,
        "Basic "
            + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  /** A client that sends every request with this Authorization header (e.g. a bearer token). */
  public static Api withAuthorization(int port, String authorization) {
    return new Api(port, authorization);
  }

  /** An answer: status, headers and body. */
  public record Reply(int status, java.net.http.HttpHeaders headers, String body) {
    public JsonNode json() {
      return JSON.readTree(body);
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    public JsonNode data() {
      return json().get("data");
    }

    public JsonNode error() {
      return json().get("error");
    }
  }

  public Reply get(String path) {
    return send(request(path).GET());
  }

  /** POSTs a JSON body. */
  public Reply post(String path, String json) {
    return send(request(path).header("Content-Type", "application/json").POST(body(json)));
  }

  /** Moves a card with the version in the body. */
  public Reply move(long id, String status, long version) {
    return post(
        "/api/admin/appointments/" + id + "/move",
        "{\"status\":\"" + status + "\",\"version\":" + version + "}");
  }

  public Reply history(long id) {
    return get("/api/admin/appointments/" + id + "/history");
  }

  /** Starts a request to a path of the app. */
  public HttpRequest.Builder request(String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return request;
  }

  /** The Authorization header this client sends, or null. */
  public @Nullable String authorization() {
    return authorization;
  }

  /** A body with a Content-Length. */
  public static HttpRequest.BodyPublisher body(String text) {
    return HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8);
  }

  /** A body sent chunked, without a Content-Length. */
  public static HttpRequest.BodyPublisher chunked(byte[] bytes) {
    return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
  }

  /**
   * Sends a GET with the request target exactly as given, even one that java.net.URI refuses (e.g.
   * a bad percent escape), over HTTP/1.0 so that the answer is not chunked.
   */
  public Reply rawGet(String target) {
    URI uri = URI.create(base);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(30_000);
      socket
          .getOutputStream()
          .write(
              ("GET "
                      + target
                      + " HTTP/1.0\r\nHost: localhost\r\n"
                      + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                      + "\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int split = answer.indexOf("\r\n\r\n");
      String[] head = answer.substring(0, split).split("\r\n");
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (int i = 1; i < head.length; i++) {
        int colon = head[i].indexOf(':');
        headers
            .computeIfAbsent(head[i].substring(0, colon), k -> new ArrayList<>())
            .add(head[i].substring(colon + 1).strip());
      }
      return new Reply(
          Integer.parseInt(head[0].split(" ")[1]),
          java.net.http.HttpHeaders.of(headers, (name, value) -> true),
          answer.substring(split + 4));
    } catch (IOException e) {
      throw new IllegalStateException("request failed: " + e, e);
    }
  }

  public Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
