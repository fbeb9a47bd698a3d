package dev.occ.bench.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A row of the example app's {@code appointment_moves}: one per successful move. */
@Entity
@Table(name = "appointment_moves")
public class AppointmentMove {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private @Nullable Long id;

  @Column(name = "appointment_id", nullable = false)
  private long appointmentId;

  /** The card's shop, which the example app's schema records with each move. */
  @Column(name = "shop_id", nullable = false)
  private String shopId = "";

  @Enumerated(EnumType.STRING)
  @Column(name = "from_status", nullable = false)
  private Status fromStatus = Status.SCHEDULED;

  @Enumerated(EnumType.STRING)
  @Column(name = "to_status", nullable = false)
  private Status toStatus = Status.SCHEDULED;

  @Column(name = "from_version", nullable = false)
  private long fromVersion;

  @Column(name = "to_version", nullable = false)
  private long toVersion;

  @Column(name = "moved_at", nullable = false)
  private Instant movedAt = Instant.EPOCH;

  /** Who made the move; null for moves made before the example app signed them. */
  @Column(name = "moved_by")
  private @Nullable String movedBy;

  /** For JPA. */
  protected AppointmentMove() {}

  /** A move of an appointment from one status and version to the next. */
  public AppointmentMove(
      long appointmentId,
      String shopId,
      Status fromStatus,
      Status toStatus,
      long fromVersion,
      long toVersion,
      Instant movedAt,
      String movedBy) {
    this.appointmentId = appointmentId;
    this.shopId = shopId;
    this.fromStatus = fromStatus;
    this.toStatus = toStatus;
    this.fromVersion = fromVersion;
    this.toVersion = toVersion;
    this.movedAt = movedAt;
    this.movedBy = movedBy;
  }

  /** The status moved from. */
  public Status getFromStatus() {
    return fromStatus;
  }

  /** The status moved to. */
  public Status getToStatus() {
    return toStatus;
  }

  /** The version moved from. */
  public long getFromVersion() {
    return fromVersion;
  }

  /** The version moved to. */
  public long getToVersion() {
    return toVersion;
  }

  /** When. */
  public Instant getMovedAt() {
    return movedAt;
  }

  /** Who, by user name; null for moves made before moves were signed. */
  public @Nullable String getMovedBy() {
    return movedBy;
  }
}
