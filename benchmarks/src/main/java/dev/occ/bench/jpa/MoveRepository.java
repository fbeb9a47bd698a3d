package dev.occ.bench.jpa;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** The move history, by Spring Data JPA. */
public interface MoveRepository extends JpaRepository<AppointmentMove, Long> {
  /** An appointment's moves, oldest first. */
  List<AppointmentMove> findByAppointmentIdOrderByToVersionAsc(long appointmentId);
}
