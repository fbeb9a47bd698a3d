package dev.occ.example.shop.appointments;

import dev.occ.VersionedTable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Repository;

/**
 * The SQL of the board and the move history; versioned writes go through occ on {@link
 * #APPOINTMENTS}. Every method runs on the caller's handle, in its transaction.
 */
@Repository
public class AppointmentRepository {
  /**
   * The appointments table as occ sees it: occ's default id, version, updated_at columns, and the
   * shop as its scope, so that every write occ makes names the signed-in user's shop and another
   * shop's card is not found (never a conflict that shows its version).
   */
  public static final VersionedTable APPOINTMENTS =
      VersionedTable.builder("appointments").scopeColumn("shop_id").build();

  private static final Logger log = LoggerFactory.getLogger(AppointmentRepository.class);

  // The board's selection, as the terms of a WHERE clause. Every component of BoardFilter is a
  // term here and a bind in bindFilter; the tag covers the filter on its own (BoardFilter.key).
  private static final String BOARD_FILTER =
      "shop_id = :shop AND start_ts >= :from AND start_ts < :until";

  private volatile @Nullable BoardFingerprintSql dialect;

  /**
   * Returns the cards the filter selects, in order of start time, and their fingerprint, both from
   * one statement and so from one snapshot: the fingerprint describes exactly these cards, and is
   * the one {@link #fingerprint} returns for as long as they stay as they are.
   */
  public BoardRows board(Handle h, BoardFilter filter) {
    BoardFingerprintSql sql = dialect(h);
    List<StampedCard> rows =
        bindFilter(
                h.createQuery(
                    "SELECT id, status, version, updated_at, customer_name, vehicle, start_ts, "
                        + sql.stamp()
                        + " AS stamp FROM appointments WHERE "
                        + BOARD_FILTER
                        + " ORDER BY start_ts, id"),
                filter)
            .map((rs, ctx) -> new StampedCard(card(rs), rs.getString("stamp")))
            .list();
    List<String> stampsInIdOrder =
        rows.stream()
            .sorted(Comparator.comparingLong(row -> row.card().id()))
            .map(StampedCard::stamp)
            .toList();
    return new BoardRows(
        rows.stream().map(StampedCard::card).toList(), sql.combine(stampsInIdOrder));
  }

  /** Returns the fingerprint of the cards the filter selects: one row, no card read out. */
  public String fingerprint(Handle h, BoardFilter filter) {
    return bindFilter(h.createQuery(dialect(h).fingerprint(BOARD_FILTER)), filter)
        .mapTo(String.class)
        .one();
  }

  /**
   * The cards of a board and their fingerprint.
   *
   * @param cards the cards, in order of start time
   * @param fingerprint the database's fingerprint of them
   */
  public record BoardRows(List<Appointment> cards, String fingerprint) {}

  /** A card and its stamp, the database's text for it that the fingerprint combines. */
  private record StampedCard(Appointment card, String stamp) {}

  /** Returns whether the shop has an appointment with this id. */
  public boolean exists(Handle h, String shop, long id) {
    return h.createQuery("SELECT 1 FROM appointments WHERE id = :id AND shop_id = :shop")
        .bind("id", id)
        .bind("shop", shop)
        .mapTo(Integer.class)
        .findOne()
        .isPresent();
  }

  /** Returns the moves of the shop's appointment, oldest first. */
  public List<Move> moves(Handle h, String shop, long appointmentId) {
    return h.createQuery(
            "SELECT from_status, to_status, from_version, to_version, moved_at, moved_by"
                + " FROM appointment_moves WHERE appointment_id = :id AND shop_id = :shop"
                + " ORDER BY to_version")
        .bind("id", appointmentId)
        .bind("shop", shop)
        .map(
            (rs, ctx) ->
                new Move(
                    Status.valueOf(rs.getString(1)),
                    Status.valueOf(rs.getString(2)),
                    rs.getLong(3),
                    rs.getLong(4),
                    instant(rs.getObject(5, OffsetDateTime.class)),
                    rs.getString(6)))
        .list();
  }

  /** Returns how many appointments the shop has. */
  public long count(Handle h, String shop) {
    return h.createQuery("SELECT COUNT(*) FROM appointments WHERE shop_id = :shop")
        .bind("shop", shop)
        .mapTo(Long.class)
        .one();
  }

  /**
   * Reads an appointment from a row as occ hands it back with a conflict (lower-case column names,
   * values as the JDBC driver returns them).
   *
   * @throws IllegalArgumentException if the row lacks a column of the board
   */
  public static Appointment fromRow(Map<String, @Nullable Object> row) {
    return new Appointment(
        ((Number) column(row, "id")).longValue(),
        Status.valueOf((String) column(row, "status")),
        ((Number) column(row, "version")).longValue(),
        instant(column(row, "updated_at")),
        (String) column(row, "customer_name"),
        (String) column(row, "vehicle"),
        instant(column(row, "start_ts")));
  }

  private static Query bindFilter(Query query, BoardFilter filter) {
    return query
        .bind("shop", filter.shop())
        .bind("from", utc(filter.start()))
        .bind("until", utc(filter.end()));
  }

  /** The database's fingerprint SQL, chosen on first use from the handle's connection. */
  private BoardFingerprintSql dialect(Handle h) {
    BoardFingerprintSql known = dialect;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      known = dialect;
      if (known == null) {
        String product;
        try {
          product = h.getConnection().getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
          throw new ConnectionException(e);
        }
        known = BoardFingerprintSql.forProduct(product);
        log.info("Board tags on {}: the fingerprint is {}", product, known.describe());
        dialect = known;
      }
      return known;
    }
  }

  private static Appointment card(ResultSet rs) throws SQLException {
    return new Appointment(
        rs.getLong("id"),
        Status.valueOf(rs.getString("status")),
        rs.getLong("version"),
        instant(rs.getObject("updated_at", OffsetDateTime.class)),
        rs.getString("customer_name"),
        rs.getString("vehicle"),
        instant(rs.getObject("start_ts", OffsetDateTime.class)));
  }

  private static Object column(Map<String, @Nullable Object> row, String name) {
    Object value = row.get(name);
    if (value == null) {
      throw new IllegalArgumentException("row has no value for " + name);
    }
    return value;
  }

  /** Timestamps with time zone: pgjdbc's getObject gives a Timestamp, H2's an OffsetDateTime. */
  private static Instant instant(@Nullable Object value) {
    if (value instanceof OffsetDateTime odt) {
      return odt.toInstant();
    }
    if (value instanceof Timestamp ts) {
      return ts.toInstant();
    }
    if (value instanceof Instant i) {
      return i;
    }
    throw new IllegalArgumentException("not a timestamp with time zone: " + value);
  }

  /** Binds instants as UTC offsets: both drivers map OffsetDateTime to TIMESTAMP WITH TIME ZONE. */
  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
