package dev.occ.example.shop.appointments;

import static dev.occ.example.shop.appointments.AppointmentRepository.APPOINTMENTS;

import dev.occ.LinkedInsert;
import dev.occ.Occ;
import dev.occ.OutcomeUnknownException;
import dev.occ.RowNotFoundException;
import dev.occ.RowVersion;
import dev.occ.TransientFailureException;
import dev.occ.VersionConflictException;
import dev.occ.spring.boot.RetryOnTransientFailure;
import java.time.Instant;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Moves a card to another column: a versioned update and its history entry, in one transaction. */
@Service
public class MoveService {
  private final Jdbi jdbi;
  private final Occ occ;

  /** Creates the service on the Spring-managed Jdbi, whose handles join the current transaction. */
  public MoveService(Jdbi jdbi, Occ occ) {
    this.jdbi = jdbi;
    this.occ = occ;
  }

  /**
   * Moves the shop's appointment to the status if it still has the expected version, and records
   * the move, signed by the user who made it. Moving to the status it already has is a move like
   * any other: it takes the next version and is recorded, so a 200 always means exactly one version
   * further.
   *
   * <p>Each attempt is a Spring transaction of its own (the retry sits outside it). The starter
   * tells occ when Spring sends COMMIT: a connection lost before it is retried; one lost after it
   * is resolved on PostgreSQL ({@code txid_status}: rolled back → retried; committed → {@link
   * OutcomeUnknownException} with {@code committed() == TRUE}, since the result went with the
   * connection), never retried blindly. The isolation is the pool's READ COMMITTED (see
   * application.yml), not set here: naming it would cost a round trip per move to check the
   * connection's level.
   *
   * @param shop the signed-in user's shop
   * @param movedBy the signed-in user's name, recorded with the move
   * @return the appointment's new version and update time
   * @throws VersionConflictException if the appointment has another version; carries its current
   *     row
   * @throws RowNotFoundException if there is no such appointment
   * @throws TransientFailureException if deadlocks or serialization failures outlast the retries
   * @throws OutcomeUnknownException if the connection broke after COMMIT was sent and the move
   *     could not be proven rolled back
   */
  @Transactional
  @RetryOnTransientFailure
  public Moved move(String shop, String movedBy, long id, Status to, long expectedVersion) {
    return jdbi.withHandle(
        h -> {
          // The history row is inserted by the update's own statement on PostgreSQL (occ renders
          // one data-modifying CTE: the update, the status it replaced, and the history insert
          // that only happens if the update did), and right after it in the same transaction
          // elsewhere. A conflict or a missing card inserts nothing.
          RowVersion row =
              occ.update(APPOINTMENTS)
                  .inScope(shop)
                  .set("status", to.name())
                  .whereId(id)
                  .expectVersion(expectedVersion)
                  .returningPrevious("status")
                  .alsoInsert(
                      LinkedInsert.into("appointment_moves")
                          .id("appointment_id")
                          .previous("from_status", "status")
                          .value("to_status", to.name())
                          .expectedVersion("from_version")
                          .newVersion("to_version")
                          .updatedAt("moved_at")
                          .value("shop_id", shop)
                          .value("moved_by", movedBy))
                  .fetchCurrentOnConflict()
                  .execute(h);
          Instant movedAt = Objects.requireNonNull(row.updatedAt(), "appointments.updated_at");
          return new Moved(id, to, row.version(), movedAt);
        });
  }
}
