package dev.occ.example.shop.web;

import dev.occ.example.shop.health.DatabaseProbe;
import java.util.Map;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /healthz}, readiness in the contract's envelope: 200 when the app has finished
 * starting (the demo data and its users included) and the database answers; 503 {@code NOT_READY}
 * while it starts or stops, 503 {@code DATABASE_UNAVAILABLE} when the database does not answer. It
 * asks on the probe's own connection, never the moves' pool, so a busy pool neither delays it nor
 * fails it.
 */
@RestController
public class HealthController {
  private final DatabaseProbe probe;
  private final ApplicationAvailability availability;

  /** Creates the check on the probe and Spring Boot's readiness state. */
  public HealthController(DatabaseProbe probe, ApplicationAvailability availability) {
    this.probe = probe;
    this.availability = availability;
  }

  /** Asks the database whether it answers. */
  @GetMapping(path = "/healthz", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<ApiResponse<?>> healthz() {
    // Boot accepts traffic once every ApplicationRunner has run: before that the port is open but
    // the demo users may not exist yet; after it, on shutdown, requests are being drained.
    if (availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
          .body(ApiResponse.failure(ApiError.of("NOT_READY", "The app is starting or stopping")));
    }
    if (probe.answers()) {
      return ResponseEntity.ok(ApiResponse.success(Map.of("database", "up")));
    }
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .body(
            ApiResponse.failure(
                ApiError.of("DATABASE_UNAVAILABLE", "The database does not answer")));
  }
}
