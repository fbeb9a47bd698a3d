package dev.occ.bench.springdata;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** The benchmark row as a Spring Data JDBC aggregate whose {@code @Version} is checked on save. */
@Table("appointments")
public class SpringDataAppointment {
  @Id Long id = 0L;

  String status = "";

  @Version long version;

  Instant updatedAt = Instant.EPOCH;

  /** For Spring Data. */
  SpringDataAppointment() {}
}
