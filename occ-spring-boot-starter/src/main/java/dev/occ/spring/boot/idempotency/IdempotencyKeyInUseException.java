package dev.occ.spring.boot.idempotency;

import org.springframework.http.HttpStatus;

/**
 * The first request with this {@code Idempotency-Key} is still being processed (its transaction has
 * not ended): 409 Conflict. Sent again once that request is done, the same request gets its answer.
 */
public final class IdempotencyKeyInUseException extends IdempotencyKeyException {
  private static final long serialVersionUID = 1L;

  private final String key;

  /**
   * Creates the answer.
   *
   * @param key the key in use
   */
  public IdempotencyKeyInUseException(String key) {
    super(
        HttpStatus.CONFLICT,
        "A request with this Idempotency-Key is still being processed; send it again in a"
            + " moment to get its answer.");
    this.key = key;
  }

  /** Returns the key in use. */
  public String key() {
    return key;
  }
}
