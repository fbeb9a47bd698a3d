package dev.occ.example.shop.web;

import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /healthz}: 200 when the database answers a query, 503 when it does not. */
@RestController
public class HealthController {
  private static final Logger log = LoggerFactory.getLogger(HealthController.class);

  private final Jdbi jdbi;

  /** Creates the check on the application's Jdbi. */
  public HealthController(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Asks the database for {@code SELECT 1}. */
  @GetMapping(path = "/healthz", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<ApiResponse<?>> healthz() {
    try {
      jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
      return ResponseEntity.ok(ApiResponse.success(Map.of("database", "up")));
    } catch (RuntimeException e) {
      log.warn("Health check: the database does not answer: {}", e.toString());
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
          .body(
              ApiResponse.failure(
                  ApiError.of("DATABASE_UNAVAILABLE", "The database does not answer")));
    }
  }
}
