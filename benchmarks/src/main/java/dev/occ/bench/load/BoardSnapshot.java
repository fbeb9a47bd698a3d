package dev.occ.bench.load;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What one board response showed: the statuses in board order and every card.
 *
 * @param statuses the columns' statuses, in board order
 * @param cards the cards of every column
 */
record BoardSnapshot(List<String> statuses, List<Card> cards) {
  /**
   * Reads {@code data.columns[].{status, items[]}}.
   *
   * @throws IllegalArgumentException if the body is not a board as the contract describes it
   */
  static BoardSnapshot parse(JsonNode body) {
    JsonNode columns = body.path("data").path("columns");
    if (!columns.isArray()) {
      throw new IllegalArgumentException("no data.columns in the board response");
    }
    List<String> statuses = new ArrayList<>();
    List<Card> cards = new ArrayList<>();
    for (JsonNode column : columns) {
      String status = ContractJson.text(column.get("status"));
      if (status == null) {
        throw new IllegalArgumentException("a board column has no status");
      }
      statuses.add(status);
      for (JsonNode item : column.path("items")) {
        Card card = Card.from(item, status);
        if (card == null) {
          throw new IllegalArgumentException(
              "a card lacks appointment_id, status or version: " + item);
        }
        cards.add(card);
      }
    }
    if (statuses.size() < 2) {
      throw new IllegalArgumentException("a board needs at least two columns to move between");
    }
    return new BoardSnapshot(List.copyOf(statuses), List.copyOf(cards));
  }
}
