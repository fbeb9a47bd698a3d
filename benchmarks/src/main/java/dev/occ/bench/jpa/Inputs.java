package dev.occ.bench.jpa;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** The API's inputs, checked by the example app's rules; each refusal names the wrong input. */
final class Inputs {
  /** The largest version accepted, as in the example app: 2^53 - 1. */
  static final long MAX_VERSION = 9_007_199_254_740_991L;

  private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,18}");
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  private static final Pattern IF_MATCH = Pattern.compile("\\s*\"([0-9]{1,19})\"\\s*");
  private static final String STATUSES =
      String.join(", ", Arrays.stream(Status.values()).map(Status::name).toList());

  private Inputs() {}

  /** A move's checked inputs. */
  record Move(long id, Status status, long version) {}

  /**
   * Checks a move: the path's id, the body's status, and the version from the body or If-Match.
   *
   * @throws ApiException.Invalid naming the first input that is wrong
   */
  static Move move(String rawId, JsonNode body, @Nullable String ifMatch) {
    long id = id(rawId);
    if (!body.isObject()) {
      throw new ApiException.Invalid("body", "The body must be a JSON object");
    }
    Status status = status(body.get("status"));
    Long fromBody = bodyVersion(body.get("version"));
    Long fromHeader = ifMatch == null ? null : ifMatch(ifMatch);
    if (fromBody != null && fromHeader != null && !fromBody.equals(fromHeader)) {
      throw new ApiException.Invalid(
          "version", "version (" + fromBody + ") and If-Match (" + fromHeader + ") disagree");
    }
    Long version = fromBody != null ? fromBody : fromHeader;
    if (version == null) {
      throw new ApiException.Invalid(
          "version", "version is required, in the body or as If-Match: \"<version>\"");
    }
    return new Move(id, status, version);
  }

  /**
   * Checks an appointment id from the path.
   *
   * @throws ApiException.Invalid if it is not a positive 64-bit integer
   */
  static long id(String raw) {
    if (ID.matcher(raw).matches()) {
      try {
        return Long.parseLong(raw);
      } catch (NumberFormatException tooLarge) {
        // the same answer as any other bad id
      }
    }
    throw new ApiException.Invalid("id", "The appointment id must be a positive integer");
  }

  /**
   * Checks a board's days: a missing one is today; at most {@code maxDays} days.
   *
   * @throws ApiException.Invalid naming the wrong parameter
   */
  static LocalDate[] days(
      @Nullable String from, @Nullable String to, LocalDate today, int maxDays) {
    LocalDate first = day("from", from, today);
    LocalDate last = day("to", to, today);
    if (first.isAfter(last)) {
      throw new ApiException.Invalid("from", "from (" + first + ") is after to (" + last + ")");
    }
    if (ChronoUnit.DAYS.between(first, last) >= maxDays) {
      throw new ApiException.Invalid("to", "The board shows at most " + maxDays + " days at once");
    }
    return new LocalDate[] {first, last};
  }

  private static LocalDate day(String field, @Nullable String value, LocalDate today) {
    if (value == null) {
      return today;
    }
    if (DATE.matcher(value).matches()) {
      try {
        return LocalDate.parse(value);
      } catch (DateTimeParseException noSuchDay) {
        // e.g. 2026-02-30: the same answer as any other bad date
      }
    }
    throw new ApiException.Invalid(field, field + " must be a date as YYYY-MM-DD");
  }

  private static Status status(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      throw new ApiException.Invalid("status", "status is required, one of " + STATUSES);
    }
    if (!node.isString()) {
      throw new ApiException.Invalid("status", "status must be a string, one of " + STATUSES);
    }
    return Status.byName(node.stringValue())
        .orElseThrow(() -> new ApiException.Invalid("status", "status must be one of " + STATUSES));
  }

  private static @Nullable Long bodyVersion(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new ApiException.Invalid("version", "version must be a whole number");
    }
    return checked("version", node.longValue());
  }

  private static long ifMatch(String header) {
    Matcher m = IF_MATCH.matcher(header);
    if (!m.matches()) {
      throw new ApiException.Invalid("If-Match", "If-Match must be one version in double quotes");
    }
    try {
      return checked("If-Match", Long.parseLong(m.group(1)));
    } catch (NumberFormatException tooLarge) {
      throw new ApiException.Invalid("If-Match", "version must be between 0 and " + MAX_VERSION);
    }
  }

  private static long checked(String field, long version) {
    if (version < 0 || version > MAX_VERSION) {
      throw new ApiException.Invalid(field, "version must be between 0 and " + MAX_VERSION);
    }
    return version;
  }
}
