package dev.occ.internal;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Writes table and column names into SQL as quoted identifiers, so that reserved words such as
 * {@code order} or {@code user} work as names. A name is first folded the way the database folds an
 * unquoted name (lower case on PostgreSQL, upper case on H2 by default, unchanged on MariaDB), so
 * quoting never changes which table or column a name refers to.
 *
 * @param quote the database's identifier quote string ({@code "} or {@code `})
 * @param fold how unquoted names are stored
 */
public record SqlNames(String quote, Fold fold) {
  /** Names as PostgreSQL stores unquoted ones: double quotes, lower case. */
  public static final SqlNames POSTGRESQL = new SqlNames("\"", Fold.LOWER);

  /** How a database stores an unquoted identifier. */
  public enum Fold {
    /** In lower case (PostgreSQL, H2 with {@code DATABASE_TO_LOWER}). */
    LOWER,
    /** In upper case (H2's default, the SQL standard). */
    UPPER,
    /** As written (MariaDB and MySQL). */
    NONE
  }

  /** Reads the quote string and the folding rule from the driver. */
  public static SqlNames of(DatabaseMetaData meta) throws SQLException {
    String quote = meta.getIdentifierQuoteString();
    if (quote == null || quote.isBlank()) {
      throw new IllegalStateException("The database has no identifier quote string");
    }
    Fold fold =
        meta.storesLowerCaseIdentifiers()
            ? Fold.LOWER
            : meta.storesUpperCaseIdentifiers() ? Fold.UPPER : Fold.NONE;
    return new SqlNames(quote.trim(), fold);
  }

  /** Returns the (possibly schema-qualified) name quoted, each part on its own. */
  public String quote(String name) {
    int dot = name.indexOf('.');
    if (dot >= 0) {
      return part(name.substring(0, dot)) + "." + part(name.substring(dot + 1));
    }
    return part(name);
  }

  private String part(String name) {
    String folded =
        switch (fold) {
          case LOWER -> name.toLowerCase(Locale.ROOT);
          case UPPER -> name.toUpperCase(Locale.ROOT);
          case NONE -> name;
        };
    // Identifiers.column admits only [A-Za-z0-9_], so a name can never contain the quote itself.
    return quote + folded + quote;
  }
}
