package dev.occ.example.shop.web;

import dev.occ.example.shop.appointments.Moved;
import dev.occ.example.shop.appointments.Status;
import java.time.Instant;

/**
 * The answer to a successful move.
 *
 * @param appointmentId the appointment moved
 * @param status its new status
 * @param version its new version, for the next move
 * @param updatedAt when it moved
 */
public record MovedJson(String appointmentId, Status status, long version, Instant updatedAt) {

  /** The JSON of a move's result. */
  public static MovedJson of(Moved moved) {
    return new MovedJson(
        Long.toString(moved.appointmentId()),
        moved.status(),
        moved.version(),
        CardJson.millis(moved.updatedAt()));
  }
}
