package dev.occ.bench.jpa;

import java.time.Instant;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves a card as a typical Spring Data JPA service does: load the entity, compare the client's
 * version, change it, save it and record the move, all in one transaction. Hibernate's
 * {@code @Version} check in the UPDATE catches a competing move that committed after the load;
 * Spring turns it into {@code ObjectOptimisticLockingFailureException}, which the controller
 * answers with 409.
 */
@Service
public class MoveService {
  private final AppointmentRepository appointments;
  private final MoveRepository moves;

  /** Creates the service on the repositories. */
  public MoveService(AppointmentRepository appointments, MoveRepository moves) {
    this.appointments = appointments;
    this.moves = moves;
  }

  /**
   * Moves the shop's appointment to the status if it still has the expected version, and records
   * the move, signed by the user who made it. Moving to the status it already has takes the next
   * version too, as in the example app.
   *
   * @param shop the signed-in user's shop; another shop's appointment is not found
   * @param movedBy the signed-in user's name, recorded with the move
   * @throws ApiException.NotFound if the shop has no such appointment
   * @throws ApiException.Stale if the appointment has another version
   * @throws org.springframework.orm.ObjectOptimisticLockingFailureException if a competing move
   *     committed between the load and the update
   */
  @Transactional
  public ApiJson.Moved move(String shop, String movedBy, long id, Status to, long expectedVersion) {
    Appointment appointment =
        appointments.findByIdAndShopId(id, shop).orElseThrow(() -> new ApiException.NotFound(id));
    if (appointment.getVersion() != expectedVersion) {
      throw new ApiException.Stale(id, expectedVersion, ApiJson.Card.of(appointment));
    }
    Status from = appointment.getStatus();
    appointment.moveTo(to, Instant.now());
    // Flushed here, not at commit: the answer needs the version Hibernate's UPDATE gave it.
    Appointment saved = appointments.saveAndFlush(appointment);
    moves.save(
        new AppointmentMove(
            id,
            saved.getShopId(),
            from,
            to,
            expectedVersion,
            saved.getVersion(),
            saved.getUpdatedAt(),
            movedBy));
    return new ApiJson.Moved(
        Long.toString(id), to, saved.getVersion(), ApiJson.millis(saved.getUpdatedAt()));
  }

  /**
   * The shop's appointment as it is now, for a 409's body.
   *
   * @throws ApiException.NotFound if the shop has no such appointment
   */
  @Transactional(readOnly = true)
  public ApiJson.Card current(String shop, long id) {
    return appointments
        .findByIdAndShopId(id, shop)
        .map(ApiJson.Card::of)
        .orElseThrow(() -> new ApiException.NotFound(id));
  }
}
