package dev.occ.example.shop.appointments;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The board's fingerprint in each database: a text that changes whenever a card enters or leaves
 * the selection or any field the board shows changes (id, status, version, updated_at, customer,
 * vehicle, start), whether or not the change raised the version: the version alone would miss a row
 * edited by hand.
 *
 * <p>Each card has a stamp, a text the database computes from its row; the fingerprint combines the
 * stamps of the cards a filter selects. It is computed two ways that agree: in SQL, by a query of
 * one row ({@link #fingerprint}), when a client asks whether its board is current; and here, from
 * the stamps the board's own query returns with the cards ({@link #combine}), so that a board's
 * fingerprint comes from the same statement, and the same snapshot, as its cards.
 *
 * <p>Where the database cannot tell that a row changed (H2, MariaDB), a stamp writes the card out
 * as a text that cannot be read two ways (a JSON array, whose quoting keeps a comma in a name from
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

  /** Returns the SQL expression of a card's stamp, over the unqualified columns of its row. */
  abstract String stamp();

  /**
   * Returns the query, of one row and one column {@code fingerprint}, for the cards that {@code
   * filter}, terms of a WHERE clause, selects.
   */
  abstract String fingerprint(String filter);

  /** Returns what {@link #fingerprint} returns for cards with these stamps, in order of id. */
  abstract String combine(List<String> stampsInIdOrder);

  /** Returns how the fingerprint is computed, for the log. */
  abstract String describe();

  static String hexDigest(String algorithm, String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has " + algorithm, e);
    }
  }

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
    String stamp() {
      return "id::text || ':' || xmin::text";
    }

    @Override
    String fingerprint(String filter) {
      return "SELECT md5(coalesce(string_agg("
          + stamp()
          + ", ',' ORDER BY id), '')) AS fingerprint FROM appointments WHERE "
          + filter;
    }

    @Override
    String combine(List<String> stampsInIdOrder) {
      return hexDigest("MD5", String.join(",", stampsInIdOrder));
    }

    @Override
    String describe() {
      return "md5(string_agg(id || ':' || xmin ORDER BY id))";
    }
  }

  /** H2: SHA-256 of the cards as JSON arrays, in id order (H2's ROW text is not quoted). */
  static final class H2 extends BoardFingerprintSql {
    @Override
    String stamp() {
      return "CAST(JSON_ARRAY(id, version, status, customer_name, vehicle,"
          + " EXTRACT(EPOCH FROM start_ts), EXTRACT(EPOCH FROM updated_at)) AS VARCHAR)";
    }

    @Override
    String fingerprint(String filter) {
      return "SELECT LOWER(RAWTOHEX(HASH('SHA-256', COALESCE(LISTAGG("
          + stamp()
          + ", ',') WITHIN GROUP (ORDER BY id), '')))) AS fingerprint FROM appointments WHERE "
          + filter;
    }

    @Override
    String combine(List<String> stampsInIdOrder) {
      return hexDigest("SHA-256", String.join(",", stampsInIdOrder));
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
    String stamp() {
      return "MD5(JSON_ARRAY(id, version, status, customer_name, vehicle,"
          + " UNIX_TIMESTAMP(start_ts), UNIX_TIMESTAMP(updated_at)))";
    }

    @Override
    String fingerprint(String filter) {
      return "SELECT CONCAT(COUNT(*), '-',"
          + " HEX(BIT_XOR(CAST(CONV(LEFT(h, 16), 16, 10) AS UNSIGNED))), '-',"
          + " HEX(BIT_XOR(CAST(CONV(RIGHT(h, 16), 16, 10) AS UNSIGNED)))) AS fingerprint"
          + " FROM (SELECT "
          + stamp()
          + " AS h FROM appointments WHERE "
          + filter
          + ") cards";
    }

    @Override
    String combine(List<String> stampsInIdOrder) {
      long high = 0;
      long low = 0;
      for (String md5 : stampsInIdOrder) {
        high ^= Long.parseUnsignedLong(md5.substring(0, 16), 16);
        low ^= Long.parseUnsignedLong(md5.substring(16), 16);
      }
      // HEX() of an unsigned BIGINT: upper case, no leading zeros ("0" for zero).
      return stampsInIdOrder.size()
          + "-"
          + Long.toHexString(high).toUpperCase(Locale.ROOT)
          + "-"
          + Long.toHexString(low).toUpperCase(Locale.ROOT);
    }

    @Override
    String describe() {
      return "COUNT(*) and BIT_XOR of MD5(JSON_ARRAY(…)) halves";
    }
  }
}
