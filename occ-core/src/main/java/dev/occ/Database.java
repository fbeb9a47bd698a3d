package dev.occ;

/**
 * The databases occ knows how to talk to. occ detects the database from the first connection unless
 * {@link Occ.Builder#database(Database)} fixes it; anything it does not recognise is {@link
 * #GENERIC}.
 */
public enum Database {
  /** PostgreSQL: {@code UPDATE … RETURNING}; a data-modifying CTE for previous values. */
  POSTGRESQL,
  /** H2: {@code FINAL TABLE (…)} and {@code OLD TABLE (…)} delta tables. */
  H2,
  /** MariaDB 10.5 and later: {@code INSERT … RETURNING}; updates read back the locked row. */
  MARIADB,
  /** MySQL 8: no {@code RETURNING}; every write reads back the row it locked. */
  MYSQL,
  /**
   * Any other database: plain SQL, each write followed by a read of the row it locked, and
   * conflicts explained by a locking read.
   */
  GENERIC
}
