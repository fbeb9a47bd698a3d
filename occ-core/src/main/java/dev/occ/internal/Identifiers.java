package dev.occ.internal;

import java.util.regex.Pattern;

/** Checks the table and column names that occ writes into SQL; values are always bound instead. */
public final class Identifiers {
  /**
   * An unquoted SQL identifier, optionally schema-qualified; 63 characters is PostgreSQL's limit.
   */
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  private Identifiers() {}

  /**
   * Returns the name if it is a plain identifier, else throws.
   *
   * @throws IllegalArgumentException if the name could carry anything but an identifier into SQL
   */
  public static String column(String what, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
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
}
