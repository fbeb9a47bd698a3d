package dev.occ.spring.boot.idempotency;

import dev.occ.spring.boot.idempotency.InvalidIdempotencyKeyException.Reason;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Reads the {@code Idempotency-Key} header and who sent it. */
final class KeyHeader {
  /** The header's name. */
  static final String NAME = "Idempotency-Key";

  /** The longest key taken, in characters. */
  static final int MAX_LENGTH = 128;

  /** The caller of requests without an authenticated principal: no principal's name is empty. */
  static final String ANONYMOUS = "";

  /** The longest caller kept as it is; a longer principal name is kept as its SHA-256. */
  static final int MAX_CALLER_LENGTH = 255;

  private KeyHeader() {}

  /**
   * Returns the request's key, or null if it has none and none is required.
   *
   * @throws InvalidIdempotencyKeyException if the key is malformed or repeated, or missing while
   *     required
   */
  static @Nullable String keyOf(HttpServletRequest request, boolean required) {
    Enumeration<String> headers = request.getHeaders(NAME);
    List<String> values = headers == null ? List.of() : Collections.list(headers);
    if (values.isEmpty()) {
      if (required) {
        throw new InvalidIdempotencyKeyException(Reason.MISSING);
      }
      return null;
    }
    if (values.size() > 1) {
      throw new InvalidIdempotencyKeyException(Reason.REPEATED);
    }
    String key = values.get(0);
    if (key.isEmpty()) {
      throw new InvalidIdempotencyKeyException(Reason.EMPTY);
    }
    if (key.length() > MAX_LENGTH) {
      throw new InvalidIdempotencyKeyException(Reason.TOO_LONG);
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < '!' || c > '~') {
        throw new InvalidIdempotencyKeyException(Reason.NOT_VISIBLE_ASCII);
      }
    }
    return key;
  }

  /** Returns whose keys the request uses: its principal's name, or the anonymous caller. */
  static String callerOf(HttpServletRequest request) {
    Principal principal = request.getUserPrincipal();
    String name = principal == null ? null : principal.getName();
    if (name == null) {
      return ANONYMOUS;
    }
    return name.length() <= MAX_CALLER_LENGTH ? name : "sha-256:" + Fingerprint.of(name);
  }
}
