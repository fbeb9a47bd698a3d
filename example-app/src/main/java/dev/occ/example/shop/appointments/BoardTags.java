package dev.occ.example.shop.appointments;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The tag of a board: a digest of the filter that selects its cards and of the database's
 * fingerprint of those cards ({@link BoardFingerprintSql}). Two boards with one tag show the same
 * days, in the same zone, with the same cards in every field.
 */
final class BoardTags {
  // Part of every tag: raise it when the board's JSON changes shape, so that a tag handed out by an
  // older version never vouches for a body of a newer one.
  private static final String FORMAT = "board/1";

  private BoardTags() {}

  /** Returns the tag: 128 bits of SHA-256, base64url without padding (22 characters). */
  static String of(BoardFilter filter, String fingerprint) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    String text = FORMAT + '\n' + filter.key() + '\n' + fingerprint;
    byte[] digest = sha256.digest(text.getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
  }
}
