/** Appointments: the board, moves between statuses and their history, on occ and JDBI. */
@NullMarked
package dev.occ.example.shop.appointments;

import org.jspecify.annotations.NullMarked;
