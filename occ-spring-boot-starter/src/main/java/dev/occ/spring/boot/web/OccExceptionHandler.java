package dev.occ.spring.boot.web;

import dev.occ.OutcomeUnknownException;
import dev.occ.RowNotFoundException;
import dev.occ.TransientFailureException;
import dev.occ.VersionConflictException;
import dev.occ.spring.boot.idempotency.IdempotencyKeyException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Objects;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers occ's exceptions with RFC 9457 problem details ({@code application/problem+json}): a
 * version conflict with 409 (412 when the expected version came from {@code If-Match}), a missing
 * row with 404, a transient failure that outlasted the retries with 503 and {@code Retry-After};
 * and the {@code Idempotency-Key} answers: 400 malformed, 409 in use, 422 reused. Answers carry
 * versions, never SQL or stack traces.
 *
 * <p>It has the lowest precedence, so an application's own {@code @RestControllerAdvice} that
 * handles these exceptions (or any supertype of them) answers instead.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class OccExceptionHandler {
  private final String retryAfterSeconds;
  private final OccConflictBody conflictBody;

  /**
   * Creates the handler whose conflict answers carry versions only.
   *
   * @param retryAfter the Retry-After of a 503, rounded up to whole seconds
   */
  public OccExceptionHandler(Duration retryAfter) {
    this(retryAfter, OccConflictBody.VERSIONS_ONLY);
  }

  /**
   * Creates the handler.
   *
   * @param retryAfter the Retry-After of a 503, rounded up to whole seconds
   * @param conflictBody what a conflict answer shows of the current row
   */
  public OccExceptionHandler(Duration retryAfter, OccConflictBody conflictBody) {
    long millis = retryAfter.toMillis();
    this.retryAfterSeconds = Long.toString(millis / 1000 + (millis % 1000 == 0 ? 0 : 1));
    this.conflictBody = Objects.requireNonNull(conflictBody, "conflictBody");
  }

  /**
   * Answers 409 Conflict, or 412 Precondition Failed if the request's If-Match named the version
   * that no longer matched, with the expected and current versions, and as {@code current} what the
   * {@link OccConflictBody} shows of the row (by default nothing); the ETag header is the current
   * version's.
   */
  @ExceptionHandler
  public ResponseEntity<ProblemDetail> versionConflict(
      VersionConflictException e, HttpServletRequest request) {
    boolean ifMatch = OccHttp.isPreconditionFailed(request, e);
    HttpStatus status = ifMatch ? HttpStatus.PRECONDITION_FAILED : HttpStatus.CONFLICT;
    String detail =
        ifMatch
            ? "If-Match "
                + OccHttp.eTag(e.expectedVersion())
                + " no longer matches: the row is at version "
                + e.actualVersion()
                + "."
            : "The row changed since it was read: expected version "
                + e.expectedVersion()
                + ", current version "
                + e.actualVersion()
                + ".";
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setProperty("expectedVersion", e.expectedVersion());
    problem.setProperty("currentVersion", e.actualVersion());
    Object current = conflictBody.current(e);
    if (current != null) {
      problem.setProperty("current", current);
    }
    return ResponseEntity.status(status).eTag(OccHttp.eTag(e.actualVersion())).body(problem);
  }

  /** Answers 404 Not Found. */
  @ExceptionHandler
  public ResponseEntity<ProblemDetail> rowNotFound(RowNotFoundException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No row with id " + e.id() + ".");
    return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
  }

  /** Answers 503 Service Unavailable with Retry-After: the client may send the request again. */
  @ExceptionHandler
  public ResponseEntity<ProblemDetail> transientFailure(TransientFailureException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.SERVICE_UNAVAILABLE,
            "The database stayed busy after " + e.attempts() + " attempt(s); try again later.");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
        .body(problem);
  }

  /**
   * Answers 503 Service Unavailable with Retry-After when the answer to COMMIT was lost and occ
   * could not prove how the transaction ended: never a success, never a plain failure. {@code
   * outcome} says {@code unknown}; a client that sent an {@code Idempotency-Key} learns the outcome
   * by sending the request again with it (the version check keeps a write from applying twice).
   */
  @ExceptionHandler
  public ResponseEntity<ProblemDetail> outcomeUnknown(OutcomeUnknownException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.SERVICE_UNAVAILABLE,
            "The connection to the database was lost while the write was committing, so whether"
                + " it took effect is not known. Send the request again with the same"
                + " Idempotency-Key, or read the row, to learn the outcome.");
    problem.setProperty("outcome", "unknown");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
        .body(problem);
  }

  /** Answers the If-Match problems {@link OccHttp} finds: 428 or 400. */
  @ExceptionHandler({PreconditionRequiredException.class, InvalidIfMatchException.class})
  public ErrorResponse ifMatch(ErrorResponseException e) {
    return e;
  }

  /**
   * Answers the {@code Idempotency-Key} problems: 400 for a malformed or missing key, 409 for a key
   * whose first request is still in flight, 422 for a key used with another payload.
   */
  @ExceptionHandler
  public ErrorResponse idempotencyKey(IdempotencyKeyException e) {
    return e;
  }
}
