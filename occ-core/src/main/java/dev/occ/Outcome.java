package dev.occ;

import java.util.Locale;

/** How a versioned operation ended, as reported to an {@link OccListener}. */
public enum Outcome {
  /** The write happened. */
  SUCCESS,
  /** The row's version differed from the expected one. */
  CONFLICT,
  /** The row did not exist. */
  NOT_FOUND,
  /** Any other failure, transient errors that were not overcome included. */
  ERROR,
  /**
   * The connection was lost after COMMIT was sent and occ could not hand back the result: see
   * {@link OutcomeUnknownException}.
   */
  UNKNOWN;

  /** Returns the lower-case name used as a metric tag. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
