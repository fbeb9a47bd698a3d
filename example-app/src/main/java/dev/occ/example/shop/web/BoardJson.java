package dev.occ.example.shop.web;

import dev.occ.example.shop.appointments.Board;
import dev.occ.example.shop.appointments.Status;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * The board: every status in board order, with its cards.
 *
 * @param from the first day shown
 * @param to the last day shown
 * @param zone the zone in which days are counted
 * @param columns one entry per status, in board order
 */
public record BoardJson(LocalDate from, LocalDate to, String zone, List<Column> columns) {

  /** The JSON of a board whose days are counted in the zone. */
  public static BoardJson of(Board board, ZoneId zone) {
    List<Column> columns =
        board.columns().entrySet().stream()
            .map(e -> new Column(e.getKey(), e.getValue().stream().map(CardJson::of).toList()))
            .toList();
    return new BoardJson(board.from(), board.to(), zone.getId(), columns);
  }

  /**
   * One column of the board.
   *
   * @param status the column's status
   * @param items its cards, in order of start time
   */
  public record Column(Status status, List<CardJson> items) {}
}
