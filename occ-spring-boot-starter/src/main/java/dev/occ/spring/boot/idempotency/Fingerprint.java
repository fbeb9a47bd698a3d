package dev.occ.spring.boot.idempotency;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * A SHA-256 over a sequence of fields, each prefixed by its length (or -1 for an absent one), so
 * that no two different sequences run together into the same bytes.
 */
final class Fingerprint {
  private final MessageDigest sha256;

  Fingerprint() {
    this.sha256 = sha256();
  }

  /** Adds a string, as UTF-8. */
  Fingerprint add(@Nullable String field) {
    return add(field == null ? null : field.getBytes(StandardCharsets.UTF_8));
  }

  /** Adds bytes. */
  Fingerprint add(byte @Nullable [] field) {
    add(field == null ? -1 : field.length);
    if (field != null) {
      sha256.update(field);
    }
    return this;
  }

  /** Adds a count, such as the number of values that follow. */
  Fingerprint add(int count) {
    sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(count).array());
    return this;
  }

  /** Returns the digest in lower-case hex, 64 characters; the fingerprint is then used up. */
  String hex() {
    return HexFormat.of().formatHex(sha256.digest());
  }

  /** Returns the SHA-256 of a string as hex. */
  static String of(String text) {
    return new Fingerprint().add(text).hex();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
