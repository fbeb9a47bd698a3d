package dev.occ.example.shop.appointments;

import dev.occ.RowNotFoundException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Service;

/** Reads the board and the move history. */
@Service
public class BoardService {
  private final Jdbi jdbi;
  private final AppointmentRepository appointments;

  /** Creates the service on the application's Jdbi. */
  public BoardService(Jdbi jdbi, AppointmentRepository appointments) {
    this.jdbi = jdbi;
    this.appointments = appointments;
  }

  /** Returns the cards that start on the days {@code from} to {@code to}, inclusive, in a zone. */
  public Board board(LocalDate from, LocalDate to, ZoneId zone) {
    List<Appointment> cards =
        jdbi.withHandle(
            h ->
                appointments.startingBetween(
                    h,
                    from.atStartOfDay(zone).toInstant(),
                    to.plusDays(1).atStartOfDay(zone).toInstant()));
    Map<Status, List<Appointment>> columns = new EnumMap<>(Status.class);
    for (Status status : Status.values()) {
      columns.put(status, new ArrayList<>());
    }
    cards.forEach(card -> columns.get(card.status()).add(card));
    columns.replaceAll((status, list) -> List.copyOf(list));
    return new Board(from, to, Collections.unmodifiableMap(columns));
  }

  /**
   * Returns the appointment's moves, oldest first.
   *
   * @throws RowNotFoundException if there is no such appointment
   */
  public List<Move> history(long id) {
    return jdbi.withHandle(
        h -> {
          // Appointments are never deleted: once seen, its moves can be read on their own.
          if (!appointments.exists(h, id)) {
            throw new RowNotFoundException(AppointmentRepository.APPOINTMENTS.name(), id);
          }
          return appointments.moves(h, id);
        });
  }
}
