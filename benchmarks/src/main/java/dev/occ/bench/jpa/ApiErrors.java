package dev.occ.bench.jpa;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every failure in the contract's envelope; never a stack trace or SQL. */
@RestControllerAdvice
public class ApiErrors {
  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

  /** 400: an input is missing or malformed. */
  @ExceptionHandler(ApiException.Invalid.class)
  public ResponseEntity<ApiJson.Envelope<Void>> invalid(ApiException.Invalid e) {
    return answer(
        HttpStatus.BAD_REQUEST,
        new ApiJson.Error("VALIDATION_FAILED", e.getMessage(), e.field, null, null, null, null));
  }

  /** 400: the body is missing or not JSON. */
  @ExceptionHandler(HttpMessageNotReadableException.class)
  public ResponseEntity<ApiJson.Envelope<Void>> unreadable(HttpMessageNotReadableException e) {
    return answer(
        HttpStatus.BAD_REQUEST,
        new ApiJson.Error(
            "VALIDATION_FAILED",
            "The request body is not a JSON object",
            "body",
            null,
            null,
            null,
            null));
  }

  /** 404: no such appointment. */
  @ExceptionHandler(ApiException.NotFound.class)
  public ResponseEntity<ApiJson.Envelope<Void>> notFound(ApiException.NotFound e) {
    String id = Long.toString(e.id);
    return answer(
        HttpStatus.NOT_FOUND,
        new ApiJson.Error("NOT_FOUND", e.getMessage(), null, id, null, null, null));
  }

  /** 409: the version the client sent is not the card's. */
  @ExceptionHandler(ApiException.Stale.class)
  public ResponseEntity<ApiJson.Envelope<Void>> stale(ApiException.Stale e) {
    ApiJson.Card current = e.current;
    long version = current == null ? -1 : current.version();
    return ResponseEntity.status(HttpStatus.CONFLICT)
        .eTag("\"" + version + "\"")
        .contentType(MediaType.APPLICATION_JSON)
        .body(
            ApiJson.Envelope.failure(
                new ApiJson.Error(
                    "VERSION_CONFLICT",
                    e.getMessage(),
                    null,
                    Long.toString(e.id),
                    e.expected,
                    version,
                    current)));
  }

  /** 503: the database was busy (lock timeout, deadlock, serialization failure). */
  @ExceptionHandler(TransientDataAccessException.class)
  public ResponseEntity<ApiJson.Envelope<Void>> transientFailure(TransientDataAccessException e) {
    log.warn("Transient database failure: {}", e.getMessage());
    return unavailable("TRANSIENT_FAILURE", "The database was busy; try again shortly");
  }

  /** 503: the database cannot be reached. */
  @ExceptionHandler({
    DataAccessResourceFailureException.class,
    CannotCreateTransactionException.class
  })
  public ResponseEntity<ApiJson.Envelope<Void>> databaseUnavailable(Exception e) {
    log.warn("Database unavailable: {}", e.getMessage());
    return unavailable("DATABASE_UNAVAILABLE", "The database does not answer; try again shortly");
  }

  /** Spring MVC's own errors keep their status (404, 405, 415 …); anything else is 500. */
  @ExceptionHandler(Exception.class)
  public ResponseEntity<ApiJson.Envelope<Void>> other(Exception e) {
    if (e instanceof ErrorResponse response) {
      HttpStatusCode status = response.getStatusCode();
      HttpStatus known = HttpStatus.resolve(status.value());
      String code =
          known == HttpStatus.NOT_FOUND
              ? "NOT_FOUND"
              : known == HttpStatus.BAD_REQUEST
                  ? "VALIDATION_FAILED"
                  : known == null ? "BAD_REQUEST" : known.name();
      return ResponseEntity.status(status)
          .headers(response.getHeaders())
          .contentType(MediaType.APPLICATION_JSON)
          .body(
              ApiJson.Envelope.failure(
                  ApiJson.Error.of(
                      code, known == null ? "Request failed" : known.getReasonPhrase())));
    }
    log.error("Unexpected failure", e);
    return answer(
        HttpStatus.INTERNAL_SERVER_ERROR, ApiJson.Error.of("INTERNAL_ERROR", "Internal error"));
  }

  private static ResponseEntity<ApiJson.Envelope<Void>> unavailable(String code, String message) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "1")
        .contentType(MediaType.APPLICATION_JSON)
        .body(ApiJson.Envelope.failure(ApiJson.Error.of(code, message)));
  }

  private static ResponseEntity<ApiJson.Envelope<Void>> answer(
      HttpStatus status, ApiJson.Error error) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(ApiJson.Envelope.failure(error));
  }
}
