package dev.occ.example.shop.web;

import dev.occ.example.shop.appointments.Move;
import dev.occ.example.shop.appointments.Status;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An appointment's moves, oldest first.
 *
 * @param appointmentId the appointment
 * @param moves its moves
 */
public record HistoryJson(String appointmentId, List<MoveJson> moves) {

  /** The JSON of an appointment's history. */
  public static HistoryJson of(long appointmentId, List<Move> moves) {
    return new HistoryJson(
        Long.toString(appointmentId),
        moves.stream()
            .map(
                m ->
                    new MoveJson(
                        m.fromStatus(),
                        m.toStatus(),
                        m.fromVersion(),
                        m.toVersion(),
                        CardJson.millis(m.movedAt()),
                        m.movedBy()))
            .toList());
  }

  /**
   * One move.
   *
   * @param fromStatus the status at the version moved from
   * @param toStatus the status moved to
   * @param fromVersion the version moved from
   * @param toVersion the version moved to
   * @param movedAt when
   * @param movedBy who, by user name; null for moves made before moves were signed
   */
  public record MoveJson(
      Status fromStatus,
      Status toStatus,
      long fromVersion,
      long toVersion,
      Instant movedAt,
      @Nullable String movedBy) {}
}
