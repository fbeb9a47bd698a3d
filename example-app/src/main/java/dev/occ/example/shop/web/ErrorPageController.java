package dev.occ.example.shop.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers the errors that never reach a controller (the servlet container's own, a filter's) with
 * the envelope too, in place of Spring Boot's default error JSON. A database fault that escaped a
 * filter is a 503 like any other, never a 500.
 */
@RestController
public class ErrorPageController implements ErrorController {
  private final ApiExceptionHandler handler;

  /** Creates the controller; database faults are answered as {@code handler} answers them. */
  public ErrorPageController(ApiExceptionHandler handler) {
    this.handler = handler;
  }

  /** Renders the error the container forwarded here. */
  @RequestMapping(path = "${server.error.path:/error}")
  public ResponseEntity<ApiResponse<Void>> error(HttpServletRequest request) {
    if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure) {
      DatabaseFault fault = DatabaseFaults.classify(failure);
      if (fault != null) {
        return handler.unavailable(fault);
      }
    }
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    // Asked for directly rather than forwarded: there is no such page.
    HttpStatusCode status =
        code instanceof Integer c ? HttpStatusCode.valueOf(c) : HttpStatus.NOT_FOUND;
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(ApiResponse.failure(ErrorCodes.forStatus(status)));
  }
}
