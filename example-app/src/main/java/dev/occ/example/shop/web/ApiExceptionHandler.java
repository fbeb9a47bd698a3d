package dev.occ.example.shop.web;

import dev.occ.OutcomeUnknownException;
import dev.occ.RowNotFoundException;
import dev.occ.TransientFailureException;
import dev.occ.VersionConflictException;
import dev.occ.example.shop.appointments.AppointmentRepository;
import dev.occ.spring.boot.OccProperties;
import dev.occ.spring.boot.idempotency.IdempotencyKeyInUseException;
import dev.occ.spring.boot.idempotency.IdempotencyKeyReusedException;
import dev.occ.spring.boot.idempotency.InvalidIdempotencyKeyException;
import dev.occ.spring.boot.web.OccHttp;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.StreamReadException;

/**
 * Turns every failure into the envelope of the HTTP contract. Ordered first, so that it wins over
 * the starter's default ProblemDetail mapping; clients get a code and a plain message, never a
 * stack trace or SQL.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  private final String retryAfterSeconds;

  /** Creates the handler; Retry-After comes from {@code occ.web.retry-after}. */
  public ApiExceptionHandler(OccProperties occ) {
    long millis = occ.getWeb().getRetryAfter().toMillis();
    this.retryAfterSeconds = Long.toString(Math.max(1, (millis + 999) / 1000));
  }

  /** 400: an input is missing or malformed. */
  @ExceptionHandler(InvalidInputException.class)
  public ResponseEntity<ApiResponse<Void>> invalid(InvalidInputException e) {
    return answer(HttpStatus.BAD_REQUEST, ApiError.invalid(e.field(), e.getMessage()));
  }

  /** 409: someone else moved the card first; the client gets the card as it is now. */
  @ExceptionHandler(VersionConflictException.class)
  public ResponseEntity<ApiResponse<Void>> conflict(VersionConflictException e) {
    Map<String, @Nullable Object> row = e.currentRow();
    ApiError error =
        new ApiError(
            "VERSION_CONFLICT",
            "Appointment "
                + e.id()
                + " was changed by someone else: you sent version "
                + e.expectedVersion()
                + ", it is at version "
                + e.actualVersion()
                + ". Look at the card again and move it from there.",
            null,
            String.valueOf(e.id()),
            e.expectedVersion(),
            e.actualVersion(),
            row == null ? null : CardJson.of(AppointmentRepository.fromRow(row)));
    return ResponseEntity.status(HttpStatus.CONFLICT)
        .eTag(OccHttp.eTag(e.actualVersion()))
        .contentType(MediaType.APPLICATION_JSON)
        .body(ApiResponse.failure(error));
  }

  /** 404: no such appointment. */
  @ExceptionHandler(RowNotFoundException.class)
  public ResponseEntity<ApiResponse<Void>> notFound(RowNotFoundException e) {
    String id = String.valueOf(e.id());
    return answer(
        HttpStatus.NOT_FOUND,
        new ApiError("NOT_FOUND", "There is no appointment " + id, null, id, null, null, null));
  }

  /**
   * 503: transient errors outlasted the retries (TRANSIENT_FAILURE), or the connection was lost
   * before COMMIT and the retries could not get it back (DATABASE_UNAVAILABLE).
   */
  @ExceptionHandler(TransientFailureException.class)
  public ResponseEntity<ApiResponse<Void>> transientFailure(TransientFailureException e) {
    log.warn("Gave up after {} attempts: {}", e.attempts(), e.getMessage());
    DatabaseFault fault = DatabaseFaults.classify(e);
    return unavailable(fault == null ? DatabaseFault.TRANSIENT_FAILURE : fault);
  }

  /** 503: the answer to COMMIT was lost; the same request with the same key tells the outcome. */
  @ExceptionHandler(OutcomeUnknownException.class)
  public ResponseEntity<ApiResponse<Void>> outcomeUnknown(OutcomeUnknownException e) {
    log.warn("Outcome unknown: {}", describe(e));
    return unavailable(DatabaseFault.OUTCOME_UNKNOWN);
  }

  /** 422: the Idempotency-Key was used before for a different move. */
  @ExceptionHandler(IdempotencyKeyReusedException.class)
  public ResponseEntity<ApiResponse<Void>> idempotencyKeyReused(IdempotencyKeyReusedException e) {
    return answer(
        HttpStatus.UNPROCESSABLE_CONTENT,
        ApiError.of(
            "IDEMPOTENCY_KEY_REUSED",
            "This Idempotency-Key was already used for a different request; send a new key with a"
                + " new move"));
  }

  /** 409: the first request with this Idempotency-Key is still running. */
  @ExceptionHandler(IdempotencyKeyInUseException.class)
  public ResponseEntity<ApiResponse<Void>> idempotencyKeyInUse(IdempotencyKeyInUseException e) {
    return answer(
        HttpStatus.CONFLICT,
        ApiError.of(
            "IDEMPOTENCY_KEY_IN_USE",
            "A request with this Idempotency-Key is still being processed; send it again in a"
                + " moment to get its answer"));
  }

  /** 400: the Idempotency-Key header is malformed or repeated; the message says which. */
  @ExceptionHandler(InvalidIdempotencyKeyException.class)
  public ResponseEntity<ApiResponse<Void>> invalidIdempotencyKey(InvalidIdempotencyKeyException e) {
    String detail = e.getBody().getDetail();
    return answer(
        HttpStatus.BAD_REQUEST,
        ApiError.invalid(
            "Idempotency-Key",
            detail == null ? "Idempotency-Key must be 1 to 128 visible ASCII characters" : detail));
  }

  /**
   * 400 for a missing or malformed JSON body (naming the property if it is there twice), 413 for
   * one over the size limit.
   */
  @ExceptionHandler(HttpMessageNotReadableException.class)
  public ResponseEntity<ApiResponse<Void>> unreadable(HttpMessageNotReadableException e) {
    if (causedBy(e, RequestBodyLimitFilter.BodyTooLargeException.class)) {
      return answer(
          HttpStatus.CONTENT_TOO_LARGE, ErrorCodes.forStatus(HttpStatus.CONTENT_TOO_LARGE));
    }
    String duplicate = duplicateProperty(e);
    if (duplicate != null) {
      return answer(
          HttpStatus.BAD_REQUEST,
          ApiError.invalid(
              duplicate, duplicate + " appears more than once in the body; send it once"));
    }
    boolean empty = String.valueOf(e.getMessage()).startsWith("Required request body is missing");
    return answer(
        HttpStatus.BAD_REQUEST,
        ApiError.invalid(
            "body",
            empty
                ? "The request body is empty; send a JSON object"
                : "The request body is not valid JSON"));
  }

  /** 400 for a query string that is not valid URL encoding ({@code ?from=%zz}). */
  @ExceptionHandler(InvalidParameterException.class)
  public ResponseEntity<ApiResponse<Void>> invalidQuery(InvalidParameterException e) {
    return answer(
        HttpStatus.BAD_REQUEST,
        ApiError.invalid("query", "The query string is not valid URL encoding"));
  }

  /** 400 for a request parameter of the wrong type. */
  @ExceptionHandler(TypeMismatchException.class)
  public ResponseEntity<ApiResponse<Void>> typeMismatch(TypeMismatchException e) {
    String field = e.getPropertyName() == null ? "request" : e.getPropertyName();
    return answer(HttpStatus.BAD_REQUEST, ApiError.invalid(field, field + " is malformed"));
  }

  /**
   * Everything else: Spring MVC's own errors (404, 405, 415, …) keep their status and headers; a
   * database fault, however it is wrapped, is 503 (see {@link DatabaseFaults}); anything unexpected
   * is 500 and logged in full.
   */
  @ExceptionHandler(Exception.class)
  public ResponseEntity<ApiResponse<Void>> other(Exception e) {
    if (e instanceof ErrorResponse response) {
      return ResponseEntity.status(response.getStatusCode())
          .headers(response.getHeaders())
          .contentType(MediaType.APPLICATION_JSON)
          .body(ApiResponse.failure(framework(response)));
    }
    DatabaseFault fault = DatabaseFaults.classify(e);
    if (fault != null) {
      // One line, not a stack trace: an outage fails every request the same way.
      log.warn("{}: {}", fault.code(), describe(e));
      return unavailable(fault);
    }
    log.error("Unexpected failure", e);
    return answer(
        HttpStatus.INTERNAL_SERVER_ERROR, ErrorCodes.forStatus(HttpStatus.INTERNAL_SERVER_ERROR));
  }

  /**
   * Spring's details are plain sentences ("Method 'GET' is not supported."), but a 404's speaks of
   * static resources, which means nothing to an API client, and a 415's of Content-Type 'null' when
   * there was none; ours say what to do.
   */
  private static ApiError framework(ErrorResponse response) {
    HttpStatusCode status = response.getStatusCode();
    ApiError ours = ErrorCodes.forStatus(status);
    String detail = response.getBody().getDetail();
    boolean useDetail =
        detail != null
            && status.is4xxClientError()
            && status.value() != HttpStatus.NOT_FOUND.value()
            && status.value() != HttpStatus.UNSUPPORTED_MEDIA_TYPE.value();
    return useDetail ? ApiError.of(ours.code(), detail) : ours;
  }

  /** 503 with Retry-After and the fault's code; also what {@link ErrorPageController} sends. */
  ResponseEntity<ApiResponse<Void>> unavailable(DatabaseFault fault) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
        .contentType(MediaType.APPLICATION_JSON)
        .body(ApiResponse.failure(ApiError.of(fault.code(), fault.message())));
  }

  /** The failure and its deepest cause, each as class and message, for a log line. */
  static String describe(Throwable e) {
    Throwable root = e;
    for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 32; depth++) {
      root = root.getCause();
    }
    return root == e ? e.toString() : e + " (caused by " + root + ")";
  }

  private static ResponseEntity<ApiResponse<Void>> answer(HttpStatus status, ApiError error) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(ApiResponse.failure(error));
  }

  /**
   * The property that a body names twice, as a dotted path ({@code status}, {@code note.a}), when
   * that is why it could not be read (see {@link JsonSettings}); else null. Jackson reports it with
   * a plain read exception whose parser stands on the repeated name.
   */
  static @Nullable String duplicateProperty(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StreamReadException read) {
        @Nullable JsonParser parser = read.processor();
        @Nullable String name = parser == null ? null : parser.currentName();
        if (name != null
            && ("Duplicate Object property \"" + name + "\"").equals(read.getOriginalMessage())) {
          String pointer = parser.streamReadContext().pathAsPointer().toString();
          return pointer.substring(1).replace('/', '.');
        }
      }
    }
    return null;
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
