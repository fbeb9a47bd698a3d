package dev.occ.example.shop.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * Why a request failed: a stable code for programs, a message for people, and the facts a client
 * needs to act on it.
 *
 * @param code what went wrong, e.g. {@code VERSION_CONFLICT}, {@code VALIDATION_FAILED}
 * @param message a sentence for people; never a stack trace or SQL
 * @param field the input that is wrong ({@code VALIDATION_FAILED} only)
 * @param appointmentId the appointment concerned, when there is one
 * @param expectedVersion the version the client sent ({@code VERSION_CONFLICT} only)
 * @param currentVersion the appointment's version now ({@code VERSION_CONFLICT} only)
 * @param current the appointment's card now ({@code VERSION_CONFLICT} only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(
    String code,
    String message,
    @Nullable String field,
    @Nullable String appointmentId,
    @Nullable Long expectedVersion,
    @Nullable Long currentVersion,
    @Nullable CardJson current) {

  /** An error with a code and a message only. */
  public static ApiError of(String code, String message) {
    return new ApiError(code, message, null, null, null, null, null);
  }

  /** A {@code VALIDATION_FAILED} error naming the input that is wrong. */
  public static ApiError invalid(String field, String message) {
    return new ApiError("VALIDATION_FAILED", message, field, null, null, null, null);
  }
}
