package dev.occ.example.shop.web;

/**
 * A failure of the database rather than of the request or of the app, answered with 503 and
 * Retry-After; the name is the contract's error code.
 */
enum DatabaseFault {
  /** The database cannot be reached, or the connection broke before anything was committed. */
  DATABASE_UNAVAILABLE("The database cannot serve the request now; try again shortly"),

  /**
   * The database is reachable but could not do the work in time: deadlocks or serialization
   * failures that outlasted the retries, a lock or statement timeout.
   */
  TRANSIENT_FAILURE("The database was busy; try again in a moment"),

  /** The connection broke after COMMIT was sent: the change may or may not have been saved. */
  OUTCOME_UNKNOWN(
      "The connection to the database broke while the change was being committed, so it may or"
          + " may not have been saved. Send the same request again with the same Idempotency-Key"
          + " to learn what happened");

  private final String message;

  DatabaseFault(String message) {
    this.message = message;
  }

  /** Returns the error code of the HTTP contract. */
  String code() {
    return name();
  }

  /** Returns a sentence for people, free of SQL and internals. */
  String message() {
    return message;
  }
}
