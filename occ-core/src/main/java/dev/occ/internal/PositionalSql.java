package dev.occ.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One of occ's rendered statements with its named binds ({@code :id}, {@code :v0}, …) turned into
 * JDBC's {@code ?} placeholders, and the names in the order the placeholders take them. The dialect
 * keeps rendering named statements; this is what the direct path prepares, derived once per
 * statement and kept.
 *
 * @param sql the statement with {@code ?} placeholders
 * @param binds what each placeholder takes, in order
 */
record PositionalSql(String sql, List<Bind> binds) {
  /**
   * Keyed by the named statement: the dialect hands out the same cached string for a statement
   * shape, so the lookup hashes once per string and compares by identity.
   */
  private static final ConcurrentMap<String, PositionalSql> CACHE = new ConcurrentHashMap<>();

  /** Returns the positional form of one of occ's named statements. */
  static PositionalSql of(String named) {
    PositionalSql positional = CACHE.get(named);
    return positional != null ? positional : CACHE.computeIfAbsent(named, PositionalSql::parse);
  }

  /**
   * Replaces each {@code :name} outside quotes with {@code ?}. occ's statements quote every
   * identifier and carry no literals or casts, so a colon outside quotes always starts a bind.
   */
  static PositionalSql parse(String named) {
    StringBuilder sql = new StringBuilder(named.length());
    List<Bind> binds = new ArrayList<>();
    char quote = 0;
    int i = 0;
    while (i < named.length()) {
      char c = named.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '"' || c == '`' || c == '\'') {
        quote = c;
      } else if (c == ':' && named.startsWith("::", i)) {
        sql.append("::"); // a cast, as Jdbi reads it
        i += 2;
        continue;
      } else if (c == ':' && i + 1 < named.length() && isNameStart(named.charAt(i + 1))) {
        int end = i + 1;
        while (end < named.length() && isNamePart(named.charAt(end))) {
          end++;
        }
        binds.add(Bind.named(named.substring(i + 1, end)));
        sql.append('?');
        i = end;
        continue;
      }
      sql.append(c);
      i++;
    }
    return new PositionalSql(sql.toString(), List.copyOf(binds));
  }

  private static boolean isNameStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static boolean isNamePart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  /** What a placeholder takes: which of the statement's values, by the dialect's bind names. */
  enum Kind {
    /** {@link SqlDialect#ID}. */
    ID,
    /** {@link SqlDialect#EXPECTED}. */
    EXPECTED,
    /** {@link SqlDialect#SCOPE}. */
    SCOPE,
    /** The {@code index}-th set value, {@link SqlDialect#value(int)}. */
    VALUE,
    /** Value {@code column} of linked row {@code index}, {@link SqlDialect#linked(int, int)}. */
    LINKED
  }

  /**
   * One placeholder's value, named as the dialect names it.
   *
   * @param kind which value
   * @param index the set value's or linked row's position
   * @param column the linked row's value's position
   */
  record Bind(Kind kind, int index, int column) {
    /**
     * Reads a bind name of {@link SqlDialect}.
     *
     * @throws IllegalArgumentException for a name the dialect never renders into a write
     */
    static Bind named(String name) {
      if (name.equals(SqlDialect.ID)) {
        return new Bind(Kind.ID, 0, 0);
      }
      if (name.equals(SqlDialect.EXPECTED)) {
        return new Bind(Kind.EXPECTED, 0, 0);
      }
      if (name.equals(SqlDialect.SCOPE)) {
        return new Bind(Kind.SCOPE, 0, 0);
      }
      if (name.matches("v\\d+")) {
        return new Bind(Kind.VALUE, Integer.parseInt(name.substring(1)), 0);
      }
      if (name.matches("l\\d+_\\d+")) {
        int split = name.indexOf('_');
        return new Bind(
            Kind.LINKED,
            Integer.parseInt(name.substring(1, split)),
            Integer.parseInt(name.substring(split + 1)));
      }
      throw new IllegalArgumentException("not a bind name of a versioned write: " + name);
    }
  }
}
