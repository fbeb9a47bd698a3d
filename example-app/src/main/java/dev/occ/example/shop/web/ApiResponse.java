package dev.occ.example.shop.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The envelope of every API answer: {@code {"ok": true, "data": …}} or {@code {"ok": false,
 * "error": …}}.
 *
 * @param ok whether the request succeeded
 * @param data what a successful request returns
 * @param error why a request failed
 * @param <T> the type of the data
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiResponse<T>(boolean ok, @Nullable T data, @Nullable ApiError error) {

  /** Wraps the data of a successful request. */
  public static <T> ApiResponse<T> success(T data) {
    return new ApiResponse<>(true, data, null);
  }

  /** Wraps the reason a request failed. */
  public static ApiResponse<Void> failure(ApiError error) {
    return new ApiResponse<>(false, null, error);
  }
}
