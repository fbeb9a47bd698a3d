package dev.occ.bench.load;

import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A card as the board and a 409's {@code error.current} show it.
 *
 * @param id the {@code appointment_id}
 * @param status its column
 * @param version the version a move must send
 */
record Card(String id, String status, long version) {
  /** Reads a card object of the contract; null if a field is missing or mistyped. */
  static @Nullable Card from(JsonNode json, @Nullable String columnStatus) {
    if (!json.isObject()) {
      return null;
    }
    String id = ContractJson.text(json.get("appointment_id"));
    String status = ContractJson.text(json.get("status"));
    OptionalLong version = ContractJson.integer(json.get("version"));
    if (status == null) {
      status = columnStatus;
    }
    if (id == null || status == null || version.isEmpty()) {
      return null;
    }
    return new Card(id, status, version.getAsLong());
  }
}
