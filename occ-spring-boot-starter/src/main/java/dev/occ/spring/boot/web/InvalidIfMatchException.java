package dev.occ.spring.boot.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The {@code If-Match} header is not one strong entity tag holding a version, or names another
 * version than the request body: answered with 400 Bad Request, by occ's handler or by Spring MVC's
 * own.
 */
public final class InvalidIfMatchException extends ErrorResponseException {
  private static final long serialVersionUID = 1L;

  InvalidIfMatchException(String detail) {
    super(
        HttpStatus.BAD_REQUEST,
        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail),
        null);
  }
}
