package dev.occ.bench.jpa;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** The move history, by Spring Data JPA. */
public interface MoveRepository extends JpaRepository<AppointmentMove, Long> {
  /** The shop's moves of an appointment, oldest first. */
  List<AppointmentMove> findByAppointmentIdAndShopIdOrderByToVersionAsc(
      long appointmentId, String shopId);
}
