package dev.occ.internal;

/** Checks the table and column names that occ writes into SQL; values are always bound instead. */
public final class Identifiers {
  /** The longest identifier: PostgreSQL's limit. */
  private static final int MAX_LENGTH = 63;

  private Identifiers() {}

  /**
   * Returns the name if it is a plain identifier, else throws.
   *
   * @throws IllegalArgumentException if the name could carry anything but an identifier into SQL
   */
  public static String column(String what, String name) {
    if (name == null || !plain(name)) {
      throw new IllegalArgumentException(
          what + " must be a plain SQL identifier ([A-Za-z_][A-Za-z0-9_]*, at most 63 chars)");
    }
    return name;
  }

  /**
   * Returns the table name, optionally {@code schema.table}, if each part is a plain identifier.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static String table(String name) {
    if (name == null) {
      throw new IllegalArgumentException("table must not be null");
    }
    int dot = name.indexOf('.');
    if (dot < 0) {
      return column("table", name);
    }
    column("table schema", name.substring(0, dot));
    column("table", name.substring(dot + 1));
    return name;
  }

  /**
   * {@code [A-Za-z_][A-Za-z0-9_]{0,62}}, checked by hand: it runs for every column a request sets.
   */
  private static boolean plain(String name) {
    int length = name.length();
    if (length == 0 || length > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = name.charAt(i);
      boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
      if (!letter && (i == 0 || c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }
}
