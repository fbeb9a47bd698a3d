package dev.occ.example.shop.appointments;

import java.time.Instant;

/**
 * One appointment as the board shows it.
 *
 * @param id the appointment's id
 * @param status where it stands
 * @param version its version, incremented by every move
 * @param updatedAt when it last changed, by the database clock
 * @param customerName who booked it
 * @param vehicle the vehicle to work on
 * @param startTs when it is booked to start
 */
public record Appointment(
    long id,
    Status status,
    long version,
    Instant updatedAt,
    String customerName,
    String vehicle,
    Instant startTs) {}
