package dev.occ.spring.boot.idempotency;

import org.springframework.http.HttpStatus;

/**
 * The caller already used the {@code Idempotency-Key} for a request with another payload (method,
 * URI, parameters or body): 422 Unprocessable Content. A new request needs a new key.
 */
public final class IdempotencyKeyReusedException extends IdempotencyKeyException {
  private static final long serialVersionUID = 1L;

  private final String key;

  /**
   * Creates the answer.
   *
   * @param key the key that was reused
   */
  public IdempotencyKeyReusedException(String key) {
    super(
        HttpStatus.UNPROCESSABLE_CONTENT,
        "This Idempotency-Key was already used for a different request; send a new key with a"
            + " new request.");
    this.key = key;
  }

  /** Returns the key that was reused. */
  public String key() {
    return key;
  }
}
