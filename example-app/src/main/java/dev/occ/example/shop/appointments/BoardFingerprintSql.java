package dev.occ.example.shop.appointments;

import java.util.Locale;

/**
 * The board's fingerprint in each database's SQL: one row, one column {@code fingerprint}, over the
 * cards a filter selects. It changes whenever a card enters or leaves the selection or any field
 * the board shows changes (id, status, version, updated_at, customer, vehicle, start), whether or
 * not the change raised the version: the version alone would miss a row edited by hand.
 *
 * <p>Where the database cannot tell that a row changed (H2, MariaDB), each card is written out as a
 * text that cannot be read two ways (a JSON array, whose quoting keeps a comma in a name from
 * looking like a field boundary), its instants as epoch seconds, which do not depend on the
 * session's time zone: every instance of the app computes the same fingerprint from the same rows.
 */
abstract class BoardFingerprintSql {

  /**
   * Returns the dialect of the database that calls itself {@code productName} (JDBC's {@code
   * getDatabaseProductName}).
   *
   * @throws IllegalStateException for a database the shop has no migrations for
   */
  static BoardFingerprintSql forProduct(String productName) {
    return switch (productName.toLowerCase(Locale.ROOT)) {
      case "postgresql" -> new PostgreSql();
      case "h2" -> new H2();
      case "mariadb" -> new MariaDb();
      default ->
          throw new IllegalStateException(
              "The shop runs on PostgreSQL, MariaDB or H2, not on " + productName);
    };
  }

  /** Returns the query for the cards that {@code filter}, terms of a WHERE clause, selects. */
  abstract String fingerprint(String filter);

  /** Returns how the fingerprint is computed, for the log. */
  abstract String describe();

  /**
   * PostgreSQL: MD5 of the cards' ids and {@code xmin}s, in id order. A row's {@code xmin} is the
   * transaction that wrote its current version, and every UPDATE writes a new version: so any
   * committed change to a card, of any column and whoever made it, changes its {@code xmin}, and a
   * card that comes or goes changes the ids. An {@code xmin} comes back only after 2^32 more
   * transactions; a no-op UPDATE or a restore from a dump changes it, which costs a client one full
   * board, never a stale one. Formatting the shown columns as text instead (names, instants as
   * numeric epochs) made the query two to three times as expensive on the 300-card board.
   */
  static final class PostgreSql extends BoardFingerprintSql {
    @Override
    String fingerprint(String filter) {
      return "SELECT md5(coalesce(string_agg(id::text || ':' || xmin::text, ',' ORDER BY id), ''))"
          + " AS fingerprint FROM appointments WHERE "
          + filter;
    }

    @Override
    String describe() {
      return "md5(string_agg(id || ':' || xmin ORDER BY id))";
    }
  }

  /** H2: SHA-256 of the cards as JSON arrays, in id order (H2's ROW text is not quoted). */
  static final class H2 extends BoardFingerprintSql {
    @Override
    String fingerprint(String filter) {
      return "SELECT LOWER(RAWTOHEX(HASH('SHA-256', COALESCE(LISTAGG(CAST(JSON_ARRAY(id, version,"
          + " status, customer_name, vehicle, EXTRACT(EPOCH FROM start_ts),"
          + " EXTRACT(EPOCH FROM updated_at)) AS VARCHAR), ',') WITHIN GROUP (ORDER BY id), ''))))"
          + " AS fingerprint FROM appointments WHERE "
          + filter;
    }

    @Override
    String describe() {
      return "HASH('SHA-256', LISTAGG(JSON_ARRAY(…)) WITHIN GROUP (ORDER BY id))";
    }
  }

  /**
   * MariaDB: the count, and the XOR of each card's MD5 in two 64-bit halves. GROUP_CONCAT would cut
   * a long board at group_concat_max_len, with no more than a warning, and then miss changes past
   * the cut; XOR needs no order and no buffer. Each card's hash covers its id, so no two cards hash
   * alike, and a change goes unseen only if the old and new hashes of the changed cards XOR to zero
   * in all 128 bits.
   */
  static final class MariaDb extends BoardFingerprintSql {
    @Override
    String fingerprint(String filter) {
      return "SELECT CONCAT(COUNT(*), '-',"
          + " HEX(BIT_XOR(CAST(CONV(LEFT(h, 16), 16, 10) AS UNSIGNED))), '-',"
          + " HEX(BIT_XOR(CAST(CONV(RIGHT(h, 16), 16, 10) AS UNSIGNED)))) AS fingerprint"
          + " FROM (SELECT MD5(JSON_ARRAY(id, version, status, customer_name, vehicle,"
          + " UNIX_TIMESTAMP(start_ts), UNIX_TIMESTAMP(updated_at))) AS h"
          + " FROM appointments WHERE "
          + filter
          + ") cards";
    }

    @Override
    String describe() {
      return "COUNT(*) and BIT_XOR of MD5(JSON_ARRAY(…)) halves";
    }
  }
}
