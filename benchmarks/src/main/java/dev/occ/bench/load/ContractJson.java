package dev.occ.bench.load;

import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jackson as the load tool uses it: one shared mapper that reads the app's answers into trees and
 * writes the result file indented, plus the contract's two lenient readings of a field (an id may
 * come as a string or a number, a version as a number or a string of digits).
 */
final class ContractJson {
  /** Thread-safe once built; shared by every virtual user. */
  static final JsonMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private static final String DIGITS = "-?\\d{1,18}";

  private ContractJson() {}

  /**
   * Parses one JSON document.
   *
   * @throws IllegalArgumentException if the text is not exactly one JSON value
   */
  static JsonNode read(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Writes a value (maps, lists, records, numbers, strings) as indented JSON with a newline. */
  static String write(@Nullable Object value) {
    return MAPPER.writeValueAsString(value) + "\n";
  }

  /** The field as text: a string as it is, a whole number in its usual form, else null. */
  static @Nullable String text(@Nullable JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isString()) {
      return node.stringValue();
    }
    return node.isIntegralNumber() && node.canConvertToLong()
        ? Long.toString(node.longValue())
        : null;
  }

  /** The field as a whole number, if it is one (or a string holding one). */
  static OptionalLong integer(@Nullable JsonNode node) {
    if (node == null) {
      return OptionalLong.empty();
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return OptionalLong.of(node.longValue());
    }
    if (node.isNumber()
        && node.canConvertToLong()
        && node.doubleValue() == Math.rint(node.doubleValue())) {
      return OptionalLong.of(node.longValue());
    }
    if (node.isString() && node.stringValue().matches(DIGITS)) {
      return OptionalLong.of(Long.parseLong(node.stringValue()));
    }
    return OptionalLong.empty();
  }
}
