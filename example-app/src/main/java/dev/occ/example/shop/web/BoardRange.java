package dev.occ.example.shop.web;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The days a board request asks for, checked.
 *
 * @param from the first day
 * @param to the last day, not before {@code from}
 */
public record BoardRange(LocalDate from, LocalDate to) {
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

  /**
   * Checks the {@code from} and {@code to} parameters; a missing one is today.
   *
   * @param maxDays the most days the range may span
   * @throws InvalidInputException if a date is malformed, {@code from} is after {@code to}, or the
   *     range spans more than {@code maxDays}
   */
  public static BoardRange parse(
      @Nullable String from, @Nullable String to, LocalDate today, int maxDays) {
    LocalDate first = day("from", from, today);
    LocalDate last = day("to", to, today);
    if (first.isAfter(last)) {
      throw new InvalidInputException("from", "from (" + first + ") is after to (" + last + ")");
    }
    if (ChronoUnit.DAYS.between(first, last) >= maxDays) {
      throw new InvalidInputException("to", "The board shows at most " + maxDays + " days at once");
    }
    return new BoardRange(first, last);
  }

  private static LocalDate day(String field, @Nullable String value, LocalDate today) {
    if (value == null) {
      return today;
    }
    if (DATE.matcher(value).matches()) {
      try {
        return LocalDate.parse(value, DateTimeFormatter.ISO_LOCAL_DATE);
      } catch (DateTimeParseException noSuchDay) {
        // e.g. 2026-02-30: same answer as any other bad date
      }
    }
    throw new InvalidInputException(field, field + " must be a date as YYYY-MM-DD");
  }
}
