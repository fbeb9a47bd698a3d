package dev.occ.bench.jpa;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** The appointments, by Spring Data JPA; every lookup names the signed-in user's shop. */
public interface AppointmentRepository extends JpaRepository<Appointment, Long> {
  /** The shop's appointments that start at or after {@code from} and before {@code until}. */
  List<Appointment> findByShopIdAndStartTsGreaterThanEqualAndStartTsLessThanOrderByStartTsAscIdAsc(
      String shopId, Instant from, Instant until);

  /** The appointment if it is the shop's; another shop's is as absent as a missing one. */
  Optional<Appointment> findByIdAndShopId(long id, String shopId);

  /** Whether the shop has this appointment. */
  boolean existsByIdAndShopId(long id, String shopId);
}
