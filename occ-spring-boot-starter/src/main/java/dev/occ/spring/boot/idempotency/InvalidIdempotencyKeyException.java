package dev.occ.spring.boot.idempotency;

import org.springframework.http.HttpStatus;

/**
 * The {@code Idempotency-Key} header is malformed, repeated, or missing where it is required: 400
 * Bad Request.
 */
public final class InvalidIdempotencyKeyException extends IdempotencyKeyException {
  private static final long serialVersionUID = 1L;

  /** Why a key was refused. */
  public enum Reason {
    /** The method requires a key and the request has none. */
    MISSING,
    /** The header is there but empty. */
    EMPTY,
    /** The key is longer than 128 characters. */
    TOO_LONG,
    /** The key holds a character that is not visible ASCII ({@code !} to {@code ~}). */
    NOT_VISIBLE_ASCII,
    /** The request has more than one {@code Idempotency-Key} header. */
    REPEATED
  }

  private final Reason reason;

  /**
   * Creates the answer.
   *
   * @param reason why the key was refused
   */
  public InvalidIdempotencyKeyException(Reason reason) {
    super(HttpStatus.BAD_REQUEST, detail(reason));
    this.reason = reason;
  }

  /** Returns why the key was refused. */
  public Reason reason() {
    return reason;
  }

  private static String detail(Reason reason) {
    String rule = " An Idempotency-Key is 1 to 128 visible ASCII characters, such as a UUID.";
    return switch (reason) {
      case MISSING -> "This request needs an Idempotency-Key header." + rule;
      case EMPTY -> "The Idempotency-Key header is empty." + rule;
      case TOO_LONG -> "The Idempotency-Key is longer than 128 characters." + rule;
      case NOT_VISIBLE_ASCII ->
          "The Idempotency-Key holds a space, control or non-ASCII character." + rule;
      case REPEATED -> "Send one Idempotency-Key header, not several." + rule;
    };
  }
}
