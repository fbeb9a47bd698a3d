package dev.occ.bench.jpa;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The example app's board API, on Spring Data JPA: the board, moves, history and health. Each API
 * call sees only the signed-in user's shop ({@link SecurityConfiguration} signs the user in).
 */
@RestController
public class AppointmentController {
  private static final String API = "/api/admin/appointments";

  private final AppointmentRepository appointments;
  private final MoveRepository moves;
  private final MoveService moveService;
  private final DataSource dataSource;
  private final ZoneId zone;
  private final int maxBoardDays;

  /**
   * Creates the controller.
   *
   * @param zone the zone in which the board counts days; empty for the JVM's
   */
  public AppointmentController(
      AppointmentRepository appointments,
      MoveRepository moves,
      MoveService moveService,
      DataSource dataSource,
      @Value("${shop.zone:}") String zone,
      @Value("${shop.max-board-days:31}") int maxBoardDays) {
    this.appointments = appointments;
    this.moves = moves;
    this.moveService = moveService;
    this.dataSource = dataSource;
    this.zone = zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone);
    this.maxBoardDays = maxBoardDays;
  }

  /**
   * Returns the user's shop's cards that start on the days {@code from} to {@code to}; both default
   * to today.
   */
  @GetMapping(path = API + "/board", produces = MediaType.APPLICATION_JSON_VALUE)
  @Transactional(readOnly = true)
  public ApiJson.Envelope<ApiJson.Board> board(
      @AuthenticationPrincipal ShopUser user,
      @RequestParam(required = false) @Nullable String from,
      @RequestParam(required = false) @Nullable String to) {
    LocalDate[] days = Inputs.days(from, to, LocalDate.now(zone), maxBoardDays);
    Instant start = days[0].atStartOfDay(zone).toInstant();
    Instant end = days[1].plusDays(1).atStartOfDay(zone).toInstant();
    Map<Status, List<ApiJson.Card>> columns = new EnumMap<>(Status.class);
    for (Status s : Status.values()) {
      columns.put(s, new ArrayList<>());
    }
    for (Appointment a :
        appointments.findByShopIdAndStartTsGreaterThanEqualAndStartTsLessThanOrderByStartTsAscIdAsc(
            user.shop(), start, end)) {
      columns.get(a.getStatus()).add(ApiJson.Card.of(a));
    }
    List<ApiJson.Column> list = new ArrayList<>();
    columns.forEach((status, cards) -> list.add(new ApiJson.Column(status, cards)));
    return ApiJson.Envelope.success(new ApiJson.Board(days[0], days[1], zone.getId(), list));
  }

  /**
   * Moves a card of the user's shop if it still has the version the client saw, signed by the user;
   * answers its new version.
   */
  @PostMapping(
      path = API + "/{id}/move",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<ApiJson.Envelope<ApiJson.Moved>> move(
      @AuthenticationPrincipal ShopUser user,
      @PathVariable String id,
      @RequestBody JsonNode body,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
    Inputs.Move input = Inputs.move(id, body, ifMatch);
    ApiJson.Moved moved;
    try {
      moved =
          moveService.move(
              user.shop(), user.username(), input.id(), input.status(), input.version());
    } catch (ObjectOptimisticLockingFailureException lostRace) {
      // A competing move committed between the load and Hibernate's versioned UPDATE: the same
      // 409 as a stale version, with the card as it is now.
      throw new ApiException.Stale(
          input.id(), input.version(), moveService.current(user.shop(), input.id()));
    }
    return ResponseEntity.ok()
        .eTag("\"" + moved.version() + "\"")
        .body(ApiJson.Envelope.success(moved));
  }

  /** Returns a card of the user's shop's moves, oldest first, each with who made it. */
  @GetMapping(path = API + "/{id}/history", produces = MediaType.APPLICATION_JSON_VALUE)
  @Transactional(readOnly = true)
  public ApiJson.Envelope<ApiJson.History> history(
      @AuthenticationPrincipal ShopUser user, @PathVariable String id) {
    long appointmentId = Inputs.id(id);
    if (!appointments.existsByIdAndShopId(appointmentId, user.shop())) {
      throw new ApiException.NotFound(appointmentId);
    }
    List<ApiJson.Move> list =
        moves.findByAppointmentIdAndShopIdOrderByToVersionAsc(appointmentId, user.shop()).stream()
            .map(ApiJson.Move::of)
            .toList();
    return ApiJson.Envelope.success(new ApiJson.History(Long.toString(appointmentId), list));
  }

  /** 200 when the database answers, 503 when it does not. */
  @GetMapping(path = "/healthz", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<ApiJson.Envelope<?>> healthz() {
    try (Connection c = dataSource.getConnection()) {
      if (c.isValid(2)) {
        return ResponseEntity.ok(ApiJson.Envelope.success(Map.of("database", "up")));
      }
    } catch (SQLException e) {
      // answered below
    }
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .body(
            ApiJson.Envelope.failure(
                ApiJson.Error.of("DATABASE_UNAVAILABLE", "The database does not answer")));
  }
}
