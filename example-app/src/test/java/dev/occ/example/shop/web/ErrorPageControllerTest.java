package dev.occ.example.shop.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.spring.boot.OccProperties;
import jakarta.servlet.RequestDispatcher;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.transaction.TransactionSystemException;

/** Errors that escaped a filter reach /error: a database fault among them is a 503 there too. */
class ErrorPageControllerTest {
  private final ErrorPageController controller =
      new ErrorPageController(new ApiExceptionHandler(new OccProperties()));

  @Test
  void aDatabaseFaultThatEscapedAFilterIs503NotA500() {
    MockHttpServletRequest request = forwarded(500);
    request.setAttribute(
        RequestDispatcher.ERROR_EXCEPTION,
        new TransactionSystemException(
            "JDBC rollback failed", new SQLException("Connection is closed")));

    ResponseEntity<ApiResponse<Void>> answer = controller.error(request);

    assertThat(answer.getStatusCode().value()).isEqualTo(503);
    assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("1");
    assertThat(answer.getBody().error().code()).isEqualTo("DATABASE_UNAVAILABLE");
  }

  @Test
  void aBugThatEscapedAFilterStays500() {
    MockHttpServletRequest request = forwarded(500);
    request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("bug"));

    ResponseEntity<ApiResponse<Void>> answer = controller.error(request);

    assertThat(answer.getStatusCode().value()).isEqualTo(500);
    assertThat(answer.getBody().error().code()).isEqualTo("INTERNAL_ERROR");
  }

  private static MockHttpServletRequest forwarded(int status) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
    request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
    return request;
  }
}
