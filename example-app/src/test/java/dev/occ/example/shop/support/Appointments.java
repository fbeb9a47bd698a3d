package dev.occ.example.shop.support;

import static dev.occ.example.shop.appointments.AppointmentRepository.APPOINTMENTS;

import dev.occ.Occ;
import dev.occ.example.shop.appointments.Status;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** Creates appointments and reads rows straight from the database, past the API under test. */
public final class Appointments {
  private final Occ occ;
  private final Jdbi jdbi;

  public Appointments(Occ occ) {
    this.occ = occ;
    this.jdbi = occ.jdbi();
  }

  /** Inserts an appointment of shop {@code north} at version 1 and returns its id. */
  public long create(Status status, Instant start) {
    return create("north", status, start);
  }

  /** Inserts an appointment of the shop at version 1 and returns its id. */
  public long create(String shop, Status status, Instant start) {
    Object id =
        occ.insert(APPOINTMENTS)
            .inScope(shop)
            .value("customer_name", "Test Customer")
            .value("vehicle", "Test Vehicle")
            .value("status", status.name())
            .value("start_ts", start.atOffset(ZoneOffset.UTC))
            .execute()
            .id();
    return ((Number) id).longValue();
  }

  /** Returns the row's status and version. */
  public Map<String, Object> row(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT status, version FROM appointments WHERE id = :id")
                .bind("id", id)
                .mapToMap()
                .one());
  }

  public long version(long id) {
    return ((Number) row(id).get("version")).longValue();
  }

  public String status(long id) {
    return (String) row(id).get("status");
  }

  /** Returns how many moves the history holds for the appointment. */
  public int moveCount(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COUNT(*) FROM appointment_moves WHERE appointment_id = :id")
                .bind("id", id)
                .mapTo(Integer.class)
                .one());
  }

  /** Returns how many appointments there are. */
  public long count() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT COUNT(*) FROM appointments").mapTo(Long.class).one());
  }
}
