package dev.occ;

import org.jspecify.annotations.Nullable;

/**
 * Base of every exception occ throws on purpose; unchecked, and each subclass carries its facts.
 */
public abstract class OccException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String table;

  /**
   * Creates an exception about one table.
   *
   * @param table the table the failed operation addressed
   * @param message a message without SQL text or bound values
   * @param cause the underlying failure, if any
   */
  protected OccException(String table, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.table = table;
  }

  /** Returns the table the failed operation addressed. */
  public String table() {
    return table;
  }
}
