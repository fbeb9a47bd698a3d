package dev.occ.spring.boot.idempotency.lost;

import dev.occ.Occ;
import dev.occ.RowVersion;
import dev.occ.VersionedTable;
import dev.occ.spring.boot.idempotency.Idempotent;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application whose one idempotent endpoint writes through occ, so that occ knows the
 * transaction it wrote in: {@code POST /things/{id}/rename} with {@code {"name", "version"}}.
 */
@SpringBootApplication
public class LostAnswerTestApp {
  static final VersionedTable THINGS = VersionedTable.of("things");

  /** Renames a thing if it still has the version the client saw. */
  @RestController
  public static class RenameController {
    private final Occ occ;
    private final AtomicInteger runs = new AtomicInteger();
    private final AtomicReference<@Nullable Runnable> duringNextRun = new AtomicReference<>();

    public RenameController(Occ occ) {
      this.occ = occ;
    }

    /** Renames; a request sent again with the same Idempotency-Key gets the first answer. */
    @PostMapping("/things/{id}/rename")
    @Idempotent
    public ResponseEntity<Map<String, Object>> rename(
        @PathVariable long id, @RequestBody Rename body) {
      runs.incrementAndGet();
      Runnable hook = duringNextRun.getAndSet(null);
      if (hook != null) {
        hook.run();
      }
      RowVersion renamed =
          occ.update(THINGS)
              .set("name", body.name())
              .whereId(id)
              .expectVersion(body.version())
              .execute();
      return ResponseEntity.ok()
          .eTag("\"" + renamed.version() + "\"")
          .body(Map.of("id", id, "version", renamed.version()));
    }

    /** Runs the action inside the next request's transaction, before its write. */
    void duringNextRun(Runnable action) {
      duringNextRun.set(action);
    }

    /** Returns how often the handler ran, and starts counting again. */
    int runsAndReset() {
      return runs.getAndSet(0);
    }
  }

  /**
   * The request body.
   *
   * @param name the new name
   * @param version the version the client saw
   */
  public record Rename(String name, long version) {}
}
