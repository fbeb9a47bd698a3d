package dev.occ.spring.boot.web;

import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The {@code If-Match} header is not one strong entity tag holding a version, or names another
 * version than the request body: answered with 400 Bad Request, by occ's handler or by Spring MVC's
 * own. {@link #reason()} tells which, for an application that names the wrong input itself.
 */
public final class InvalidIfMatchException extends ErrorResponseException {
  private static final long serialVersionUID = 1L;

  /** What is wrong. */
  public enum Reason {
    /** If-Match is not one strong entity tag holding a version: a weak tag, *, a list, garbage. */
    MALFORMED,
    /** If-Match holds a version, but another than the request body's. */
    DISAGREES_WITH_BODY
  }

  private final Reason reason;

  InvalidIfMatchException(Reason reason, String detail) {
    super(
        HttpStatus.BAD_REQUEST,
        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail),
        null);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Returns what is wrong: the header itself, or its agreement with the body. */
  public Reason reason() {
    return reason;
  }
}
