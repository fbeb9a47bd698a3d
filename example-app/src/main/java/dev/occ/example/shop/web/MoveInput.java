package dev.occ.example.shop.web;

import dev.occ.example.shop.appointments.Status;
import dev.occ.spring.boot.web.InvalidIfMatchException;
import dev.occ.spring.boot.web.OccHttp;
import dev.occ.spring.boot.web.PreconditionRequiredException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A move request, checked: the appointment id from the path, the status from the body, and the
 * version from the body or from {@code If-Match}, which the starter's {@link OccHttp} reads.
 *
 * @param id the appointment to move
 * @param status the status to move it to
 * @param version the version the client last saw
 */
public record MoveInput(long id, Status status, long version) {
  /**
   * The largest version accepted: 2^53 - 1, the largest integer a JavaScript client holds exactly.
   * A row would need that many moves to get there.
   */
  public static final long MAX_VERSION = 9_007_199_254_740_991L;

  private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,18}");
  private static final String STATUSES =
      String.join(", ", Arrays.stream(Status.values()).map(Status::name).toList());

  /**
   * Checks a move request.
   *
   * @param id the path's id
   * @param body the JSON body
   * @param request the request, whose If-Match {@code http} reads
   * @param http the starter's If-Match reader
   * @throws InvalidInputException naming the first input that is wrong
   */
  public static MoveInput parse(
      String id, JsonNode body, HttpServletRequest request, OccHttp http) {
    long appointmentId = appointmentId(id);
    if (!body.isObject()) {
      throw new InvalidInputException("body", "The body must be a JSON object");
    }
    Status status = status(body.get("status"));
    Long bodyVersion = bodyVersion(body.get("version"));
    return new MoveInput(appointmentId, status, expectedVersion(request, http, bodyVersion));
  }

  /**
   * Checks an appointment id from the path.
   *
   * @throws InvalidInputException if it is not a positive 64-bit integer
   */
  public static long appointmentId(String raw) {
    if (ID.matcher(raw).matches()) {
      try {
        return Long.parseLong(raw);
      } catch (NumberFormatException tooLarge) {
        // falls through to the same answer as any other bad id
      }
    }
    throw new InvalidInputException("id", "The appointment id must be a positive integer");
  }

  private static Status status(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      throw new InvalidInputException("status", "status is required, one of " + STATUSES);
    }
    if (!node.isString()) {
      throw new InvalidInputException("status", "status must be a string, one of " + STATUSES);
    }
    return Status.byName(node.stringValue())
        .orElseThrow(
            () -> new InvalidInputException("status", "status must be one of " + STATUSES));
  }

  private static @Nullable Long bodyVersion(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new InvalidInputException("version", "version must be a whole number");
    }
    return checkedVersion("version", node.longValue());
  }

  /**
   * The version If-Match names, else the body's, as {@link OccHttp} reads them; its refusals become
   * the contract's 400s, which name the input that is wrong.
   */
  private static long expectedVersion(
      HttpServletRequest request, OccHttp http, @Nullable Long bodyVersion) {
    long version;
    try {
      version = http.expectedVersion(request, bodyVersion);
    } catch (InvalidIfMatchException e) {
      String field =
          e.reason() == InvalidIfMatchException.Reason.DISAGREES_WITH_BODY ? "version" : "If-Match";
      String detail = e.getBody().getDetail();
      throw new InvalidInputException(
          field, detail != null ? detail : "If-Match must be one version in double quotes");
    } catch (PreconditionRequiredException e) {
      if (bodyVersion != null) {
        // Only with occ.web.require-if-match=true: 428, as the starter answers it.
        throw e;
      }
      throw new InvalidInputException(
          "version", "version is required, in the body or as If-Match: \"<version>\"");
    }
    // A version from the body was checked already; one from If-Match only parsed.
    return bodyVersion != null ? version : checkedVersion("If-Match", version);
  }

  private static long checkedVersion(String field, long version) {
    if (version < 0 || version > MAX_VERSION) {
      throw new InvalidInputException(field, "version must be between 0 and " + MAX_VERSION);
    }
    return version;
  }
}
