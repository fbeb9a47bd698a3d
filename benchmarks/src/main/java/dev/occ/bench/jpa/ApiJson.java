package dev.occ.bench.jpa;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of the example app's HTTP contract (DESIGN.md), field for field; Jackson writes the
 * names in snake_case ({@code jpa-shop.yml}) and times as ISO-8601, cut to milliseconds.
 */
final class ApiJson {
  private ApiJson() {}

  /** {@code {"ok": true, "data": …}} or {@code {"ok": false, "error": …}}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Envelope<T>(boolean ok, @Nullable T data, @Nullable Error error) {
    static <T> Envelope<T> success(T data) {
      return new Envelope<>(true, data, null);
    }

    static Envelope<Void> failure(Error error) {
      return new Envelope<>(false, null, error);
    }
  }

  /** Why a request failed, with the facts a client needs to act on it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Error(
      String code,
      String message,
      @Nullable String field,
      @Nullable String appointmentId,
      @Nullable Long expectedVersion,
      @Nullable Long currentVersion,
      @Nullable Card current) {
    static Error of(String code, String message) {
      return new Error(code, message, null, null, null, null, null);
    }
  }

  /** A card on the board. */
  record Card(
      String appointmentId,
      Status status,
      long version,
      Instant updatedAt,
      String customerName,
      String vehicle,
      Instant startTs) {
    static Card of(Appointment a) {
      return new Card(
          Long.toString(a.getId()),
          a.getStatus(),
          a.getVersion(),
          millis(a.getUpdatedAt()),
          a.getCustomerName(),
          a.getVehicle(),
          millis(a.getStartTs()));
    }
  }

  /** The board: every status in board order with its cards. */
  record Board(LocalDate from, LocalDate to, String zone, List<Column> columns) {}

  /** One column of the board. */
  record Column(Status status, List<Card> items) {}

  /** The answer to a move. */
  record Moved(String appointmentId, Status status, long version, Instant updatedAt) {}

  /** An appointment's moves, oldest first. */
  record History(String appointmentId, List<Move> moves) {}

  /** One move, with who made it ({@code null} for moves made before moves were signed). */
  record Move(
      Status fromStatus,
      Status toStatus,
      long fromVersion,
      long toVersion,
      Instant movedAt,
      @Nullable String movedBy) {
    static Move of(AppointmentMove m) {
      return new Move(
          m.getFromStatus(),
          m.getToStatus(),
          m.getFromVersion(),
          m.getToVersion(),
          millis(m.getMovedAt()),
          m.getMovedBy());
    }
  }

  static Instant millis(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS);
  }
}
