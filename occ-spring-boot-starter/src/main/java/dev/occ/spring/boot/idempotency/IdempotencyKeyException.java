package dev.occ.spring.boot.idempotency;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Base of the answers to a request whose {@code Idempotency-Key} cannot be honoured. Each is a
 * Spring {@code ErrorResponse}, so it keeps its status (400, 409 or 422) even where no handler of
 * occ's or the application's maps it.
 */
public abstract class IdempotencyKeyException extends ErrorResponseException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the answer.
   *
   * @param status the HTTP status to answer with
   * @param detail a sentence for the client, without SQL or stack traces
   */
  protected IdempotencyKeyException(HttpStatus status, String detail) {
    super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
  }
}
