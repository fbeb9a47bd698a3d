package dev.occ.example.shop.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.TransientFailureException;
import dev.occ.spring.boot.OccProperties;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

class ApiExceptionHandlerTest {

  @Test
  void retriesThatRanOutAre503WithRetryAfter() {
    OccProperties occ = new OccProperties();
    occ.getWeb().setRetryAfter(Duration.ofMillis(1500));
    TransientFailureException e =
        new TransientFailureException("appointments", "40001", 0, 2, new SQLException("could not serialize", "40001"));

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
        new ApiExceptionHandler(new OccProperties()).other(new IllegalStateException("SELECT secret FROM t"));

    assertThat(answer.getStatusCode().value()).isEqualTo(500);
    assertThat(answer.getBody().error().code()).isEqualTo("INTERNAL_ERROR");
    assertThat(answer.getBody().error().message()).doesNotContain("SELECT");
  }
}
