package dev.occ.bench.load;

import java.util.Map;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * A card as the board and a 409's {@code error.current} show it.
 *
 * @param id the {@code appointment_id}
 * @param status its column
 * @param version the version a move must send
 */
record Card(String id, String status, long version) {
  /** Reads a card object of the contract; null if a field is missing or mistyped. */
  static @Nullable Card from(@Nullable Object json, @Nullable String columnStatus) {
    if (!(json instanceof Map<?, ?>)) {
      return null;
    }
    String id = Json.text(Json.at(json, "appointment_id"));
    String status = Json.text(Json.at(json, "status"));
    OptionalLong version = Json.integer(Json.at(json, "version"));
    if (status == null) {
      status = columnStatus;
    }
    if (id == null || status == null || version.isEmpty()) {
      return null;
    }
    return new Card(id, status, version.getAsLong());
  }
}
