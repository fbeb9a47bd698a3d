package dev.occ.bench.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Just enough JSON for the shop's API and the result file: objects become ordered maps, arrays
 * lists, integers {@code Long}, other numbers {@code Double}. Written here rather than pulled in,
 * so the load tool adds no library whose version could fight the benchmarks' dependencies.
 */
public final class Json {
  private final String text;
  private int pos;

  private Json(String text) {
    this.text = text;
  }

  /**
   * Parses one JSON value.
   *
   * @throws IllegalArgumentException if the text is not exactly one JSON value
   */
  public static @Nullable Object parse(String text) {
    Json p = new Json(text);
    p.skipSpace();
    Object value = p.value();
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("trailing characters");
    }
    return value;
  }

  /** Writes a value of maps, lists, strings, numbers, booleans and nulls, indented by two. */
  public static String write(@Nullable Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, 0);
    return out.append('\n').toString();
  }

  /** Follows object keys from the root; null if any step is missing or not an object. */
  public static @Nullable Object at(@Nullable Object root, String... path) {
    Object current = root;
    for (String key : path) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return current;
  }

  /** Returns the value as text: strings as they are, numbers in their usual form, else null. */
  public static @Nullable String text(@Nullable Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Long || value instanceof Integer) {
      return value.toString();
    }
    return null;
  }

  /** Returns the value as a whole number, if it is one (or a string holding one). */
  public static OptionalLong integer(@Nullable Object value) {
    if (value instanceof Long l) {
      return OptionalLong.of(l);
    }
    if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
      return OptionalLong.of(d.longValue());
    }
    if (value instanceof String s && s.matches("-?\\d{1,18}")) {
      return OptionalLong.of(Long.parseLong(s));
    }
    return OptionalLong.empty();
  }

  /** Returns the value as a list, or an empty list if it is not one. */
  public static List<?> list(@Nullable Object value) {
    return value instanceof List<?> l ? l : Collections.emptyList();
  }

  private @Nullable Object value() {
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        return number();
    }
  }

  private Map<String, @Nullable Object> object() {
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    pos++;
    skipSpace();
    if (peek() == '}') {
      pos++;
      return map;
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw error("expected a key");
      }
      String key = string();
      skipSpace();
      expect(':');
      skipSpace();
      map.put(key, value());
      skipSpace();
      char c = next();
      if (c == '}') {
        return map;
      }
      if (c != ',') {
        throw error("expected , or }");
      }
    }
  }

  private List<@Nullable Object> array() {
    List<@Nullable Object> list = new ArrayList<>();
    pos++;
    skipSpace();
    if (peek() == ']') {
      pos++;
      return list;
    }
    while (true) {
      skipSpace();
      list.add(value());
      skipSpace();
      char c = next();
      if (c == ']') {
        return list;
      }
      if (c != ',') {
        throw error("expected , or ]");
      }
    }
  }

  private String string() {
    expect('"');
    StringBuilder s = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return s.toString();
      }
      if (c != '\\') {
        s.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> s.append(e);
        case 'b' -> s.append('\b');
        case 'f' -> s.append('\f');
        case 'n' -> s.append('\n');
        case 'r' -> s.append('\r');
        case 't' -> s.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw error("short \\u escape");
          }
          s.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          pos += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private Object number() {
    int start = pos;
    while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    String n = text.substring(start, pos);
    if (n.isEmpty()) {
      throw error("unexpected character");
    }
    try {
      if (n.indexOf('.') < 0 && n.indexOf('e') < 0 && n.indexOf('E') < 0) {
        try {
          return Long.parseLong(n);
        } catch (NumberFormatException tooBig) {
          return Double.parseDouble(n);
        }
      }
      return Double.parseDouble(n);
    } catch (NumberFormatException e) {
      throw error("bad number " + n);
    }
  }

  private @Nullable Object literal(String word, @Nullable Object value) {
    if (!text.startsWith(word, pos)) {
      throw error("unexpected character");
    }
    pos += word.length();
    return value;
  }

  private void skipSpace() {
    while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private char peek() {
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    return text.charAt(pos);
  }

  private char next() {
    char c = peek();
    pos++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) {
      throw error("expected " + c);
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("JSON: " + what + " at offset " + pos);
  }

  private static void write(@Nullable Object v, StringBuilder out, int indent) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof String s) {
      quote(s, out);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      // JSON has no NaN or infinity; "not measurable" is written as null.
      out.append(Double.isFinite(d) ? Double.toString(d) : "null");
    } else if (v instanceof Number || v instanceof Boolean) {
      out.append(v);
    } else if (v instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append("{\n");
      int i = 0;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append("  ".repeat(indent + 1));
        quote(String.valueOf(e.getKey()), out);
        out.append(": ");
        write(e.getValue(), out, indent + 1);
        out.append(++i < map.size() ? ",\n" : "\n");
      }
      out.append("  ".repeat(indent)).append('}');
    } else if (v instanceof Iterable<?> items) {
      List<Object> list = new ArrayList<>();
      items.forEach(list::add);
      if (list.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append("[\n");
      for (int i = 0; i < list.size(); i++) {
        out.append("  ".repeat(indent + 1));
        write(list.get(i), out, indent + 1);
        out.append(i + 1 < list.size() ? ",\n" : "\n");
      }
      out.append("  ".repeat(indent)).append(']');
    } else {
      quote(v.toString(), out);
    }
  }

  private static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
