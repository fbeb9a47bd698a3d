package dev.occ.bench.jpa;

import org.jspecify.annotations.Nullable;

/** A failure the API answers with a 4xx of the contract; the subclasses carry the facts. */
abstract class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ApiException(String message) {
    super(message, null, false, false);
  }

  /** 400: an input is missing or malformed. */
  static final class Invalid extends ApiException {
    private static final long serialVersionUID = 1L;
    final String field;

    Invalid(String field, String message) {
      super(message);
      this.field = field;
    }
  }

  /** 404: no such appointment. */
  static final class NotFound extends ApiException {
    private static final long serialVersionUID = 1L;
    final long id;

    NotFound(long id) {
      super("There is no appointment " + id);
      this.id = id;
    }
  }

  /** 409: the client's version is not the appointment's. */
  static final class Stale extends ApiException {
    private static final long serialVersionUID = 1L;
    final long id;
    final long expected;
    final transient ApiJson.@Nullable Card current;

    Stale(long id, long expected, ApiJson.Card current) {
      super(
          "Appointment "
              + id
              + " was changed by someone else: you sent version "
              + expected
              + ", it is at version "
              + current.version()
              + ". Look at the card again and move it from there.");
      this.id = id;
      this.expected = expected;
      this.current = current;
    }
  }
}
