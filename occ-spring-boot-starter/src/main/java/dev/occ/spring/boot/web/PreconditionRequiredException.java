package dev.occ.spring.boot.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A versioned write carried no version to expect, or no {@code If-Match} where one is required:
 * answered with 428 Precondition Required, by occ's handler or by Spring MVC's own.
 */
public final class PreconditionRequiredException extends ErrorResponseException {
  private static final long serialVersionUID = 1L;

  PreconditionRequiredException(String detail) {
    super(
        HttpStatus.PRECONDITION_REQUIRED,
        ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_REQUIRED, detail),
        null);
  }
}
