package dev.occ.example.shop.appointments;

import java.time.Instant;

/**
 * What a successful move leaves behind.
 *
 * @param appointmentId the appointment moved
 * @param status its new status
 * @param version its new version: the version moved from + 1
 * @param updatedAt when it moved, by the database clock
 */
public record Moved(long appointmentId, Status status, long version, Instant updatedAt) {}
