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
import org.springframework.transaction.annotation.Transactional;

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

  /**
   * Returns the shop's cards that start on the days {@code from} to {@code to}, inclusive, in a
   * zone.
   */
  // A transaction, so that on PostgreSQL the shop's row-level security setting applies to the read.
  @Transactional(readOnly = true)
  public Board board(String shop, LocalDate from, LocalDate to, ZoneId zone) {
    List<Appointment> cards =
        jdbi.withHandle(
            h ->
                appointments.startingBetween(
                    h,
                    shop,
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
   * Returns the moves of the shop's appointment, oldest first.
   *
   * @throws RowNotFoundException if the shop has no such appointment (another shop's is not found
   *     either)
   */
  @Transactional(readOnly = true)
  public List<Move> history(String shop, long id) {
    return jdbi.withHandle(
        h -> {
          // Appointments are never deleted: once seen, its moves can be read on their own.
          if (!appointments.exists(h, shop, id)) {
            throw new RowNotFoundException(AppointmentRepository.APPOINTMENTS.name(), id);
          }
          return appointments.moves(h, shop, id);
        });
  }
}
