package dev.occ.bench.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** The benchmark row as a JPA entity whose {@code @Version} Hibernate checks on flush. */
@Entity
@Table(name = "appointments")
public class HibernateAppointment {
  @Id private Long id = 0L;

  private String status = "";

  @Version private long version;

  @Column(name = "updated_at")
  private Instant updatedAt = Instant.EPOCH;

  /** For Hibernate. */
  protected HibernateAppointment() {}

  /** Returns the id. */
  public Long getId() {
    return id;
  }

  /** Returns the status. */
  public String getStatus() {
    return status;
  }

  /** Sets the status. */
  public void setStatus(String status) {
    this.status = status;
  }

  /** Returns the version Hibernate loaded or, after a flush, wrote. */
  public long getVersion() {
    return version;
  }

  /** Returns when the row was last changed. */
  public Instant getUpdatedAt() {
    return updatedAt;
  }

  /** Sets when the row was last changed. */
  public void setUpdatedAt(Instant updatedAt) {
    this.updatedAt = updatedAt;
  }
}
