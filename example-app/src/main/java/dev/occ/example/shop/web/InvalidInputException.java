package dev.occ.example.shop.web;

/** A request input that is missing or malformed; answered with 400 {@code VALIDATION_FAILED}. */
public final class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * Creates the report.
   *
   * @param field the input that is wrong: a body field, path variable, query parameter or header
   * @param message what is wrong with it, for people
   */
  public InvalidInputException(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  /** Returns the input that is wrong. */
  public String field() {
    return field;
  }
}
