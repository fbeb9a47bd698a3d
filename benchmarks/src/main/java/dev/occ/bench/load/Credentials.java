package dev.occ.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * HTTP Basic credentials that every request carries, for an app that wants a signed-in user.
 *
 * @param user the user name, without ':'
 * @param password the password
 */
public record Credentials(String user, String password) {
  /** Checks that the pair can be sent as Basic credentials. */
  public Credentials {
    if (user.isEmpty() || user.indexOf(':') >= 0) {
      throw new IllegalArgumentException("--user must be non-empty and hold no ':'");
    }
  }

  /** The value of the {@code Authorization} header (RFC 7617, UTF-8). */
  String header() {
    byte[] pair = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(pair);
  }

  /** Never shows the password, e.g. when options are printed. */
  @Override
  public String toString() {
    return "Credentials[user=" + user + ", password=***]";
  }
}
