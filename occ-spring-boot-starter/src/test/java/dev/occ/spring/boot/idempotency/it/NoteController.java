package dev.occ.spring.boot.idempotency.it;

import dev.occ.spring.boot.idempotency.Idempotent;
import java.net.URI;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /notes} with {@code {"content": …}}: 201 with the note, its ETag and Location. */
@RestController
public class NoteController {
  private final Notes notes;

  public NoteController(Notes notes) {
    this.notes = notes;
  }

  /** Creates a note; a repeated request with the same Idempotency-Key gets the first answer. */
  @PostMapping("/notes")
  @Idempotent
  public ResponseEntity<Map<String, Object>> create(
      @RequestBody NoteInput body,
      @RequestHeader(name = "X-Tag", required = false) @Nullable String tag) {
    return run(body, tag);
  }

  /** The same, but a request without an Idempotency-Key is refused. */
  @PostMapping("/notes/keyed")
  @Idempotent(required = true)
  public ResponseEntity<Map<String, Object>> createKeyed(@RequestBody NoteInput body) {
    return run(body, null);
  }

  private ResponseEntity<Map<String, Object>> run(NoteInput body, @Nullable String tag) {
    notes.ran(body.content());
    long id = notes.create(body.content());
    notes.holdIfAsked();
    if (notes.shouldFail()) {
      throw new IllegalStateException("failed on purpose after writing note " + id);
    }
    return ResponseEntity.created(URI.create("/notes/" + id))
        .eTag("\"" + id + "\"")
        .body(Map.of("id", id, "content", body.content(), "tag", tag == null ? "" : tag));
  }

  /**
   * The request body.
   *
   * @param content the note's text
   */
  public record NoteInput(String content) {}
}
