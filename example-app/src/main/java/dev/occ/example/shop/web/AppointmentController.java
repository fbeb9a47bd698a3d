package dev.occ.example.shop.web;

import dev.occ.example.shop.ShopProperties;
import dev.occ.example.shop.appointments.Board;
import dev.occ.example.shop.appointments.BoardFilter;
import dev.occ.example.shop.appointments.BoardService;
import dev.occ.example.shop.appointments.MoveService;
import dev.occ.example.shop.appointments.Moved;
import dev.occ.example.shop.security.ShopUser;
import dev.occ.spring.boot.idempotency.Idempotent;
import dev.occ.spring.boot.web.OccHttp;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The board API: the board, moves and history. Inputs are taken as strings and JSON trees and
 * checked here, so that every bad input gets a 400 that names it; errors become the envelope in
 * {@link ApiExceptionHandler}.
 */
@RestController
@RequestMapping(path = "/api/admin/appointments", produces = MediaType.APPLICATION_JSON_VALUE)
// The starter's OccHttp exists only in a servlet web application; the shop also starts without a
// web server (its demo data test does), and then there is nothing for this controller to serve.
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class AppointmentController {
  // The board changes under the client: a cache (the browser's, a proxy's) may keep it, but must
  // ask again, with If-None-Match, before each use; shared caches must not keep one user's board.
  private static final String REVALIDATE = "no-cache, private";

  private final BoardService board;
  private final MoveService moves;
  private final MoveMetrics metrics;
  private final ShopProperties properties;
  private final OccHttp http;

  /** Creates the controller; {@code http} reads a move's If-Match. */
  public AppointmentController(
      BoardService board,
      MoveService moves,
      MoveMetrics metrics,
      ShopProperties properties,
      OccHttp http) {
    this.board = board;
    this.moves = moves;
    this.metrics = metrics;
    this.properties = properties;
    this.http = http;
  }

  /**
   * Returns the user's shop's cards that start on the days {@code from} to {@code to}; both default
   * to today. The answer carries a weak ETag that changes whenever anything the board shows
   * changes; a request whose If-None-Match holds it is answered 304, without a body, after one
   * single-row query.
   */
  @GetMapping("/board")
  public @Nullable ApiResponse<BoardJson> board(
      @AuthenticationPrincipal ShopUser user,
      @RequestParam(required = false) @Nullable String from,
      @RequestParam(required = false) @Nullable String to,
      HttpServletRequest request,
      HttpServletResponse response) {
    BoardRange range =
        BoardRange.parse(from, to, LocalDate.now(properties.zone()), properties.maxBoardDays());
    BoardFilter filter = new BoardFilter(user.shop(), range.from(), range.to(), properties.zone());
    // The headers go on the response itself, not on a ResponseEntity: Spring would compare a
    // ResponseEntity's ETag with If-None-Match once more and turn a full board into a 304 on its
    // own. Whether a board is current is decided by the single-row query here, and nothing else.
    IfNoneMatch ifNoneMatch = IfNoneMatch.of(request);
    if (ifNoneMatch.isPresent()) {
      String current = IfNoneMatch.weak(board.tag(filter));
      if (ifNoneMatch.matches(current)) {
        validators(response, current);
        response.setStatus(HttpStatus.NOT_MODIFIED.value());
        return null;
      }
    }
    // The board comes with a tag of its own, never paired with the one above: a move committed
    // between the two queries is in this body and in its tag.
    Board shown = board.board(filter);
    validators(response, IfNoneMatch.weak(shown.tag()));
    return ApiResponse.success(BoardJson.of(shown, properties.zone()));
  }

  private static void validators(HttpServletResponse response, String eTag) {
    response.setHeader(HttpHeaders.ETAG, eTag);
    response.setHeader(HttpHeaders.CACHE_CONTROL, REVALIDATE);
  }

  /**
   * Moves a card to a status if it still has the version the client saw. A move sent again with the
   * same {@code Idempotency-Key} (and the same body and If-Match) gets the first answer back
   * without moving the card again.
   *
   * @param ifMatch read from {@code request} by {@link OccHttp}; bound here as well so that the
   *     Idempotency-Key's fingerprint covers it (a key sent again with another If-Match is reused)
   */
  @PostMapping(path = "/{id}/move", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Idempotent
  public ResponseEntity<ApiResponse<MovedJson>> move(
      @AuthenticationPrincipal ShopUser user,
      @PathVariable String id,
      @RequestBody JsonNode body,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
      HttpServletRequest request) {
    MoveInput input = MoveInput.parse(id, body, request, http);
    Moved moved =
        metrics.time(
            () ->
                moves.move(
                    user.shop(), user.username(), input.id(), input.status(), input.version()));
    return ResponseEntity.ok()
        .eTag(OccHttp.eTag(moved.version()))
        .body(ApiResponse.success(MovedJson.of(moved)));
  }

  /** Returns a card of the user's shop's moves, oldest first, each with who made it. */
  @GetMapping("/{id}/history")
  public ApiResponse<HistoryJson> history(
      @AuthenticationPrincipal ShopUser user, @PathVariable String id) {
    long appointmentId = MoveInput.appointmentId(id);
    return ApiResponse.success(
        HistoryJson.of(appointmentId, board.history(user.shop(), appointmentId)));
  }
}
