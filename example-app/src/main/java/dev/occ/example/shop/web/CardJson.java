package dev.occ.example.shop.web;

import dev.occ.example.shop.appointments.Appointment;
import dev.occ.example.shop.appointments.Status;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A card on the board. The id is a string, as the board page keys cards by it; times are ISO-8601
 * in UTC, cut to milliseconds, which is what a JavaScript {@code Date} holds.
 *
 * @param appointmentId the appointment's id
 * @param status its column
 * @param version its version: send it back with a move
 * @param updatedAt when it last changed
 * @param customerName who booked it
 * @param vehicle the vehicle
 * @param startTs when it starts
 */
public record CardJson(
    String appointmentId,
    Status status,
    long version,
    Instant updatedAt,
    String customerName,
    String vehicle,
    Instant startTs) {

  /** The card of an appointment. */
  public static CardJson of(Appointment a) {
    return new CardJson(
        Long.toString(a.id()),
        a.status(),
        a.version(),
        millis(a.updatedAt()),
        a.customerName(),
        a.vehicle(),
        millis(a.startTs()));
  }

  static Instant millis(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS);
  }
}
