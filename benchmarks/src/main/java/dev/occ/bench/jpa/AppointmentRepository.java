package dev.occ.bench.jpa;

import java.time.Instant;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** The appointments, by Spring Data JPA. */
public interface AppointmentRepository extends JpaRepository<Appointment, Long> {
  /** The appointments that start at or after {@code from} and before {@code until}. */
  List<Appointment> findByStartTsGreaterThanEqualAndStartTsLessThanOrderByStartTsAscIdAsc(
      Instant from, Instant until);
}
