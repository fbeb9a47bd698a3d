package dev.occ.example.shop.appointments;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One entry of an appointment's move history.
 *
 * @param fromStatus the status at the version moved from
 * @param toStatus the status moved to
 * @param fromVersion the version moved from
 * @param toVersion the version moved to, always {@code fromVersion + 1}
 * @param movedAt when it moved, by the database clock
 * @param movedBy who moved it (the signed-in user's name); null for moves made before moves were
 *     signed
 */
public record Move(
    Status fromStatus,
    Status toStatus,
    long fromVersion,
    long toVersion,
    Instant movedAt,
    @Nullable String movedBy) {}
