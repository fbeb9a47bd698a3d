package dev.occ.example.shop.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/** The envelope's error codes for answers that only have an HTTP status to go by. */
final class ErrorCodes {
  private ErrorCodes() {}

  /** Returns the code and a plain message for a status. */
  static ApiError forStatus(HttpStatusCode status) {
    HttpStatus known = HttpStatus.resolve(status.value());
    if (known == null) {
      String code = status.is5xxServerError() ? "INTERNAL_ERROR" : "BAD_REQUEST";
      return ApiError.of(code, "Request failed");
    }
    return switch (known) {
      case BAD_REQUEST -> ApiError.of("VALIDATION_FAILED", "The request is malformed");
      case NOT_FOUND -> ApiError.of("NOT_FOUND", "No such resource");
      case METHOD_NOT_ALLOWED ->
          ApiError.of("METHOD_NOT_ALLOWED", "This method is not allowed here");
      case NOT_ACCEPTABLE ->
          ApiError.of("NOT_ACCEPTABLE", "The API answers in application/json only");
      case CONTENT_TOO_LARGE -> ApiError.of("PAYLOAD_TOO_LARGE", "The request body is too large");
      case UNSUPPORTED_MEDIA_TYPE ->
          ApiError.of("UNSUPPORTED_MEDIA_TYPE", "Send the body as Content-Type: application/json");
      case SERVICE_UNAVAILABLE -> ApiError.of("DATABASE_UNAVAILABLE", "Try again shortly");
      default ->
          known.is5xxServerError()
              ? ApiError.of("INTERNAL_ERROR", "Internal error")
              : ApiError.of(known.name(), known.getReasonPhrase());
    };
  }
}
