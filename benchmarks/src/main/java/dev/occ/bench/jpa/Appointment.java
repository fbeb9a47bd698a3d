package dev.occ.bench.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A row of the example app's {@code appointments} table. Columns the example app adds later are
 * simply not mapped: Hibernate reads and writes only the columns below.
 */
@Entity
@Table(name = "appointments")
public class Appointment {
  @Id private @Nullable Long id;

  @Column(name = "customer_name", nullable = false)
  private String customerName = "";

  @Column(nullable = false)
  private String vehicle = "";

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Status status = Status.SCHEDULED;

  @Column(name = "start_ts", nullable = false)
  private Instant startTs = Instant.EPOCH;

  /**
   * Hibernate's optimistic lock: {@code UPDATE … SET version = v + 1 … WHERE id = ? AND version =
   * v}.
   */
  @Version private long version;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt = Instant.EPOCH;

  /** The card's shop: what every lookup filters by; never changed by a move. */
  @Column(name = "shop_id", nullable = false, insertable = false, updatable = false)
  private String shopId = "";

  /** For JPA. */
  protected Appointment() {}

  /** The id; never null once loaded. */
  public long getId() {
    if (id == null) {
      throw new IllegalStateException("appointment not yet stored");
    }
    return id;
  }

  /** Who booked it. */
  public String getCustomerName() {
    return customerName;
  }

  /** The vehicle. */
  public String getVehicle() {
    return vehicle;
  }

  /** Its column. */
  public Status getStatus() {
    return status;
  }

  /**
   * Moves it to a column at a time; the version goes up when the change is flushed. The time
   * changes with every move, so even a move to the column it is in is an update.
   */
  public void moveTo(Status status, Instant at) {
    this.status = status;
    this.updatedAt = at;
  }

  /** When it starts. */
  public Instant getStartTs() {
    return startTs;
  }

  /** Its version, as last read or flushed. */
  public long getVersion() {
    return version;
  }

  /** The shop the card belongs to. */
  public String getShopId() {
    return shopId;
  }

  /** When it last changed. */
  public Instant getUpdatedAt() {
    return updatedAt;
  }
}
