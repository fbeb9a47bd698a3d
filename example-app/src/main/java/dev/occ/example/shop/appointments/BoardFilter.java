package dev.occ.example.shop.appointments;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Which cards a board shows: the shop's cards that start on the days {@code from} to {@code to},
 * inclusive, counted in {@code zone}. Each component narrows the board's queries (see {@link
 * AppointmentRepository#board}) and is part of the board's tag, so that two filters never share a
 * tag: a filter that gains a component adds one term to the queries' WHERE clause and one to {@link
 * #key()}.
 *
 * @param shop the signed-in user's shop
 * @param from the first day
 * @param to the last day, not before {@code from}
 * @param zone the zone in which days begin and end
 */
public record BoardFilter(String shop, LocalDate from, LocalDate to, ZoneId zone) {

  /**
   * Checks the days.
   *
   * @throws IllegalArgumentException if {@code from} is after {@code to}
   */
  public BoardFilter {
    requireNonNull(shop, "shop");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(zone, "zone");
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("from (" + from + ") is after to (" + to + ")");
    }
  }

  /** Returns the first instant of {@code from} in the zone: the earliest start shown. */
  public Instant start() {
    return from.atStartOfDay(zone).toInstant();
  }

  /**
   * Returns the first instant after {@code to} in the zone: no card shown starts at or after it.
   */
  public Instant end() {
    return to.plusDays(1).atStartOfDay(zone).toInstant();
  }

  /** Returns a text that names this filter, and no other one. */
  String key() {
    // The shop comes first with its length, ISO dates hold no '/' and the zone comes last: the
    // text splits one way only, whatever the shop's id and the zone's id hold (America/New_York).
    return shop.length() + ":" + shop + "/" + from + "/" + to + "/" + zone.getId();
  }
}
