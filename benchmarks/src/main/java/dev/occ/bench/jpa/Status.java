package dev.occ.bench.jpa;

import java.util.Optional;

/** Where an appointment stands; the constants are in board order, as in the example app. */
public enum Status {
  /** Booked, the customer has not arrived. */
  SCHEDULED,
  /** The customer has dropped the vehicle off. */
  CHECKED_IN,
  /** A mechanic is working on the vehicle. */
  IN_PROGRESS,
  /** The work is done, waiting for pick-up. */
  READY,
  /** Picked up and paid. */
  COMPLETED;

  /** Returns the status with exactly this name, if there is one. */
  public static Optional<Status> byName(String name) {
    for (Status s : values()) {
      if (s.name().equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
