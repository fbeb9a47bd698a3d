package dev.occ.example.shop.appointments;

import dev.occ.RowNotFoundException;
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
   * Returns the board the filter selects, with its tag. The cards and the tag come from one
   * statement, so the tag describes exactly these cards, even while others move them.
   */
  // A transaction, so that on PostgreSQL the shop's row-level security setting applies to the read.
  @Transactional(readOnly = true)
  public Board board(BoardFilter filter) {
    AppointmentRepository.BoardRows rows = jdbi.withHandle(h -> appointments.board(h, filter));
    Map<Status, List<Appointment>> columns = new EnumMap<>(Status.class);
    for (Status status : Status.values()) {
      columns.put(status, new ArrayList<>());
    }
    rows.cards().forEach(card -> columns.get(card.status()).add(card));
    columns.replaceAll((status, list) -> List.copyOf(list));
    return new Board(
        filter.from(),
        filter.to(),
        Collections.unmodifiableMap(columns),
        BoardTags.of(filter, rows.fingerprint()));
  }

  /**
   * Returns the tag that {@link #board} would return now, by one single-row query: the cheap way to
   * learn whether a board a client holds is still current.
   */
  // In a transaction for the same reason as board(): without the shop's setting, PostgreSQL's
  // row-level security would show no card at all, and the tag would be that of an empty board.
  @Transactional(readOnly = true)
  public String tag(BoardFilter filter) {
    return BoardTags.of(filter, jdbi.withHandle(h -> appointments.fingerprint(h, filter)));
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
