package dev.occ.example.shop.appointments;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The cards that start on the days {@code from} to {@code to}, inclusive, by status.
 *
 * @param from the first day
 * @param to the last day
 * @param columns every status in board order, each with its cards in order of start time
 * @param tag names exactly what this board shows: read from the same snapshot as its cards, and
 *     equal to {@link BoardService#tag} for as long as nothing the board shows changes
 */
public record Board(
    LocalDate from, LocalDate to, Map<Status, List<Appointment>> columns, String tag) {}
