package dev.occ.spring.boot.it;

import dev.occ.RowVersion;
import dev.occ.spring.boot.web.OccHttp;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code PUT /things/{id}} with {@code {"name": …, "version": …}} and/or {@code If-Match}. */
@RestController
public class ThingController {
  private final ThingService service;
  private final OccHttp http;

  public ThingController(ThingService service, OccHttp http) {
    this.service = service;
    this.http = http;
  }

  /** Renames the thing; occ's exception handler answers conflicts, missing rows and failures. */
  @PutMapping("/things/{id}")
  public ResponseEntity<Map<String, Object>> rename(
      @PathVariable long id, @RequestBody Rename body, HttpServletRequest request) {
    RowVersion renamed =
        service.rename(id, body.name(), http.expectedVersion(request, body.version()));
    return ResponseEntity.ok()
        .eTag(OccHttp.eTag(renamed.version()))
        .body(Map.of("id", id, "version", renamed.version()));
  }

  /**
   * The request body.
   *
   * @param name the new name
   * @param version the version the client read, unless it sends If-Match
   */
  public record Rename(String name, @Nullable Long version) {}
}
