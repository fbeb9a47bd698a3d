package dev.occ.example.shop.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.spring.boot.OccProperties;
import dev.occ.spring.boot.idempotency.IdempotencyKeyInUseException;
import dev.occ.spring.boot.idempotency.IdempotencyKeyReusedException;
import dev.occ.spring.boot.idempotency.InvalidIdempotencyKeyException;
import dev.occ.spring.boot.idempotency.InvalidIdempotencyKeyException.Reason;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The envelope's answers to the Idempotency-Key exceptions of the starter. */
class IdempotencyKeyAnswersTest {
  private final ApiExceptionHandler handler = new ApiExceptionHandler(new OccProperties());

  @Test
  void aReusedKeyIs422IdempotencyKeyReused() {
    assertAnswer(
        handler.idempotencyKeyReused(new IdempotencyKeyReusedException("k")),
        422,
        "IDEMPOTENCY_KEY_REUSED");
  }

  @Test
  void aKeyInFlightIs409IdempotencyKeyInUse() {
    assertAnswer(
        handler.idempotencyKeyInUse(new IdempotencyKeyInUseException("k")),
        409,
        "IDEMPOTENCY_KEY_IN_USE");
  }

  @Test
  void aMalformedKeyIs400ValidationFailedNamingTheHeader() {
    ResponseEntity<ApiResponse<Void>> answer =
        handler.invalidIdempotencyKey(new InvalidIdempotencyKeyException(Reason.TOO_LONG));

    assertAnswer(answer, 400, "VALIDATION_FAILED");
    ApiError error = answer.getBody().error();
    assertThat(error.field()).isEqualTo("Idempotency-Key");
    assertThat(error.message()).contains("longer than 128 characters");
  }

  private static void assertAnswer(
      ResponseEntity<ApiResponse<Void>> answer, int status, String code) {
    assertThat(answer.getStatusCode().value()).isEqualTo(status);
    assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
    assertThat(answer.getBody().ok()).isFalse();
    assertThat(answer.getBody().error().code()).isEqualTo(code);
  }
}
