package dev.occ.example.shop.web;

import dev.occ.example.shop.health.DatabaseProbe;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /healthz}, readiness in the contract's envelope: 200 when the database answers, 503
 * when it does not. It asks on the probe's own connection, never the moves' pool, so a busy pool
 * neither delays it nor fails it.
 */
@RestController
public class HealthController {
  private final DatabaseProbe probe;

  /** Creates the check on the probe. */
  public HealthController(DatabaseProbe probe) {
    this.probe = probe;
  }

  /** Asks the database whether it answers. */
  @GetMapping(path = "/healthz", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<ApiResponse<?>> healthz() {
    if (probe.answers()) {
      return ResponseEntity.ok(ApiResponse.success(Map.of("database", "up")));
    }
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .body(
            ApiResponse.failure(
                ApiError.of("DATABASE_UNAVAILABLE", "The database does not answer")));
  }
}
