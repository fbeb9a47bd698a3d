package dev.occ.spring.boot.idempotency;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * An answer as it is stored with its key and sent again: status, the headers the handler set
 * (Content-Type and ETag among them), and the body bytes as the message converters wrote them.
 *
 * @param status the HTTP status code
 * @param headers header lines, each a name and a value, in the order the handler set them
 * @param body the body, or null for an answer without one
 */
record StoredResponse(int status, List<Header> headers, byte @Nullable [] body) {

  /**
   * One header line.
   *
   * @param name the header's name
   * @param value one of its values
   */
  record Header(String name, String value) {}

  StoredResponse {
    headers = List.copyOf(headers);
  }

  /** Returns the answer's headers as Spring's type. */
  HttpHeaders httpHeaders() {
    HttpHeaders h = new HttpHeaders();
    headers.forEach(line -> h.add(line.name(), line.value()));
    return h;
  }

  /** Returns the answer for Spring MVC to write: the body bytes go out unchanged. */
  ResponseEntity<byte[]> toEntity() {
    return ResponseEntity.status(status).headers(httpHeaders()).body(body);
  }

  /**
   * Returns the header lines as text, one {@code Name: value} a line; HTTP forbids line breaks in a
   * header, so none can be mistaken for a separator.
   *
   * @throws IllegalStateException if a header name or value holds a line break
   */
  String encodeHeaders() {
    StringBuilder text = new StringBuilder();
    for (Header line : headers) {
      if (hasLineBreak(line.name()) || hasLineBreak(line.value())) {
        throw new IllegalStateException("header " + line.name() + " holds a line break");
      }
      text.append(line.name()).append(": ").append(line.value()).append('\n');
    }
    return text.toString();
  }

  /** Reads header lines written by {@link #encodeHeaders}. */
  static List<Header> decodeHeaders(@Nullable String text) {
    List<Header> lines = new ArrayList<>();
    if (text == null) {
      return lines;
    }
    for (String line : text.split("\n")) {
      int colon = line.indexOf(": ");
      if (colon > 0) {
        lines.add(new Header(line.substring(0, colon), line.substring(colon + 2)));
      }
    }
    return lines;
  }

  /** Returns the header lines of Spring headers, in their order. */
  static List<Header> linesOf(HttpHeaders headers) {
    List<Header> lines = new ArrayList<>();
    headers.forEach((name, values) -> values.forEach(v -> lines.add(new Header(name, v))));
    return lines;
  }

  private static boolean hasLineBreak(String s) {
    return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof StoredResponse other
        && status == other.status
        && headers.equals(other.headers)
        && Arrays.equals(body, other.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, headers, Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "StoredResponse[status="
        + status
        + ", headers="
        + headers
        + ", body="
        + (body == null ? "none" : body.length + " bytes")
        + "]";
  }
}
