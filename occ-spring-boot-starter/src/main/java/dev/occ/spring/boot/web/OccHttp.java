package dev.occ.spring.boot.web;

import dev.occ.VersionConflictException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/**
 * Reads the version a write expects from {@code If-Match} or the request body, and writes versions
 * as {@code ETag}s.
 *
 * <p>A version is a strong entity tag, {@code "41"}. {@code If-Match} must hold exactly one: a weak
 * tag ({@code W/"41"}, often made by a proxy that compresses) never matches under the strong
 * comparison that RFC 9110 prescribes for {@code If-Match}, so it is answered 400 with an
 * explanation rather than with a 412 the client could never get past; {@code *} and lists are
 * answered 400 too, because a write needs one version.
 *
 * <p>No version is compared here: the caller passes the returned version to occ's update, whose
 * atomic {@code WHERE version = ?} is the check. A version taken from {@code If-Match} marks the
 * request, and a conflict at that version is a failed precondition ({@link #isPreconditionFailed}):
 * {@link OccExceptionHandler} answers it with 412 Precondition Failed instead of 409 Conflict.
 */
public final class OccHttp {
  private static final String IF_MATCH_VERSION = OccHttp.class.getName() + ".ifMatchVersion";

  private static final Pattern STRONG_TAG = Pattern.compile("\"([0-9]{1,19})\"");

  private final boolean requireIfMatch;

  /**
   * Creates the helper.
   *
   * @param requireIfMatch whether a write without If-Match is refused even if its body has a
   *     version
   */
  public OccHttp(boolean requireIfMatch) {
    this.requireIfMatch = requireIfMatch;
  }

  /**
   * Returns the version the write expects: If-Match's when the request has one (it must agree with
   * the body's version if that is given too), else the body's.
   *
   * @param request the request, which is marked when its version comes from If-Match
   * @param bodyVersion the version the request body carries, or null if it has none
   * @throws PreconditionRequiredException (428) if If-Match is missing and required, or if neither
   *     If-Match nor the body carries a version
   * @throws InvalidIfMatchException (400) if If-Match is not one strong entity tag holding a
   *     version, or names another version than the body
   */
  public long expectedVersion(HttpServletRequest request, @Nullable Long bodyVersion) {
    List<String> values = Collections.list(request.getHeaders(HttpHeaders.IF_MATCH));
    if (values.isEmpty()) {
      if (requireIfMatch) {
        throw new PreconditionRequiredException(
            "This write needs If-Match with the ETag you read, such as \"41\".");
      }
      if (bodyVersion == null) {
        throw new PreconditionRequiredException(
            "This write needs the version you read, as If-Match: \"41\" or in the request body.");
      }
      return bodyVersion;
    }
    long version = parse(String.join(", ", values).strip());
    if (bodyVersion != null && bodyVersion != version) {
      throw new InvalidIfMatchException(
          InvalidIfMatchException.Reason.DISAGREES_WITH_BODY,
          "If-Match names version " + version + " but the body says " + bodyVersion + ".");
    }
    request.setAttribute(IF_MATCH_VERSION, version);
    return version;
  }

  /**
   * Returns whether the conflict is at the version the request's If-Match named, so that it answers
   * 412 Precondition Failed rather than 409 Conflict.
   */
  public static boolean isPreconditionFailed(
      HttpServletRequest request, VersionConflictException conflict) {
    return request.getAttribute(IF_MATCH_VERSION) instanceof Long version
        && version == conflict.expectedVersion();
  }

  /**
   * Returns the entity tag of a version, such as {@code "42"} with its quotes, for an ETag header.
   */
  public static String eTag(long version) {
    return "\"" + version + "\"";
  }

  private static long parse(String ifMatch) {
    Matcher strong = STRONG_TAG.matcher(ifMatch);
    if (strong.matches()) {
      try {
        return Long.parseLong(strong.group(1));
      } catch (NumberFormatException beyondLong) {
        // no row reaches such a version: answered like any other malformed tag
      }
    } else if (ifMatch.startsWith("W/")) {
      throw new InvalidIfMatchException(
          InvalidIfMatchException.Reason.MALFORMED,
          "If-Match needs the strong ETag, such as \"41\": a weak tag never matches for a write.");
    } else if (ifMatch.equals("*")) {
      throw new InvalidIfMatchException(
          InvalidIfMatchException.Reason.MALFORMED,
          "If-Match: * does not say which version you read; send its ETag, such as \"41\".");
    }
    throw new InvalidIfMatchException(
        InvalidIfMatchException.Reason.MALFORMED,
        "If-Match must be one ETag holding a version, such as \"41\".");
  }
}
