package dev.occ.example.shop.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.OutcomeUnknownException;
import dev.occ.TransientFailureException;
import dev.occ.spring.boot.OccProperties;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionSystemException;

class ApiExceptionHandlerTest {

  @Test
  void retriesThatRanOutAre503WithRetryAfter() {
    OccProperties occ = new OccProperties();
    occ.getWeb().setRetryAfter(Duration.ofMillis(1500));
    TransientFailureException e =
        new TransientFailureException(
            "appointments", "40001", 0, 2, new SQLException("could not serialize", "40001"));

    ResponseEntity<ApiResponse<Void>> answer = new ApiExceptionHandler(occ).transientFailure(e);

    assertThat(answer.getStatusCode().value()).isEqualTo(503);
    assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("2");
    ApiResponse<Void> body = answer.getBody();
    assertThat(body).isNotNull();
    assertThat(body.ok()).isFalse();
    assertThat(body.error().code()).isEqualTo("TRANSIENT_FAILURE");
    assertThat(body.error().message()).doesNotContain("40001", "serialize");
  }

  @Test
  void unexpectedFailuresAre500WithoutDetails() {
    ResponseEntity<ApiResponse<Void>> answer =
        new ApiExceptionHandler(new OccProperties())
            .other(new IllegalStateException("SELECT secret FROM t"));

    assertThat(answer.getStatusCode().value()).isEqualTo(500);
    assertThat(answer.getBody().error().code()).isEqualTo("INTERNAL_ERROR");
    assertThat(answer.getBody().error().message()).doesNotContain("SELECT");
  }

  @Test
  void connectionLostBeforeCommitAfterRetriesIs503DatabaseUnavailable() {
    TransientFailureException e =
        new TransientFailureException(
            "appointments", "08006", 0, 2, new SQLException("An I/O error occurred", "08006"));

    ResponseEntity<ApiResponse<Void>> answer =
        new ApiExceptionHandler(new OccProperties()).transientFailure(e);

    assertThat(answer.getStatusCode().value()).isEqualTo(503);
    assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("1");
    assertThat(answer.getBody().error().code()).isEqualTo("DATABASE_UNAVAILABLE");
  }

  @Test
  void failedRollbackOnABrokenConnectionIs503DatabaseUnavailableNot500() {
    TransactionSystemException e =
        new TransactionSystemException(
            "JDBC rollback failed", new SQLException("Connection is closed"));

    ResponseEntity<ApiResponse<Void>> answer =
        new ApiExceptionHandler(new OccProperties()).other(e);

    assertThat(answer.getStatusCode().value()).isEqualTo(503);
    assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("1");
    assertThat(answer.getBody().error().code()).isEqualTo("DATABASE_UNAVAILABLE");
    assertThat(answer.getBody().error().message())
        .doesNotContain("JDBC", "rollback", "Connection is closed");
  }

  @Test
  void lostCommitIs503OutcomeUnknownAndSaysToRetryWithTheSameKey() {
    OutcomeUnknownException e =
        new OutcomeUnknownException(
            "appointments", null, null, new SQLException("terminating connection", "57P01"));

    ResponseEntity<ApiResponse<Void>> answer =
        new ApiExceptionHandler(new OccProperties()).outcomeUnknown(e);

    assertThat(answer.getStatusCode().value()).isEqualTo(503);
    assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("1");
    assertThat(answer.getBody().error().code()).isEqualTo("OUTCOME_UNKNOWN");
    assertThat(answer.getBody().error().message())
        .contains("same Idempotency-Key")
        .doesNotContain("57P01", "COMMIT");
  }
}
