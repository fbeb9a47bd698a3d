package dev.occ.example.shop.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import org.springframework.http.ETag;
import org.springframework.http.HttpHeaders;

/**
 * A GET request's {@code If-None-Match} (RFC 9110, section 13.1.2): {@code *}, or entity tags,
 * compared weakly. The tags are read by Spring's {@link ETag#parse}, which skips what is not an
 * entity tag; a field with no entity tag in it (garbage) is then as good as absent, and the request
 * is answered in full, as a request without the field would be.
 *
 * @param any whether the field is {@code *}, which matches any current representation
 * @param tags the entity tags the client holds a representation for
 */
record IfNoneMatch(boolean any, List<ETag> tags) {

  /** Reads the request's If-None-Match fields, all of them as one list. */
  static IfNoneMatch of(HttpServletRequest request) {
    String field =
        String.join(",", Collections.list(request.getHeaders(HttpHeaders.IF_NONE_MATCH))).strip();
    if (field.equals("*")) {
      return new IfNoneMatch(true, List.of());
    }
    // "*" is a whole field value, never a member of a list: inside one it is not a tag.
    return new IfNoneMatch(
        false, ETag.parse(field).stream().filter(tag -> !tag.isWildcard()).toList());
  }

  /** Returns whether the request is conditional: only then is the current tag worth a query. */
  boolean isPresent() {
    return any || !tags.isEmpty();
  }

  /**
   * Returns whether the client holds the representation whose entity tag is {@code current}, so
   * that a GET is answered 304 Not Modified: {@code *} matches any, a tag matches by the weak
   * comparison (opaque tags equal, {@code W/} or not).
   */
  boolean matches(String current) {
    ETag tag = ETag.create(current);
    return any || tags.stream().anyMatch(held -> held.compare(tag, false));
  }

  /** Returns the weak entity tag {@code W/"opaque"}. */
  static String weak(String opaque) {
    return "W/\"" + opaque + "\"";
  }
}
