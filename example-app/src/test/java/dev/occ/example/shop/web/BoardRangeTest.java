package dev.occ.example.shop.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class BoardRangeTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 3, 10);

  @Test
  void missingDatesAreToday() {
    assertThat(BoardRange.parse(null, null, TODAY, 31)).isEqualTo(new BoardRange(TODAY, TODAY));
  }

  @Test
  void aMissingEndIsToday() {
    assertThat(BoardRange.parse("2026-03-08", null, TODAY, 31))
        .isEqualTo(new BoardRange(LocalDate.of(2026, 3, 8), TODAY));
  }

  @Test
  void fromAfterAMissingToIsRejected() {
    assertThatThrownBy(() -> BoardRange.parse("2026-03-11", null, TODAY, 31))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("from"));
  }

  @Test
  void spansUpToTheLimitInclusive() {
    assertThat(BoardRange.parse("2026-03-01", "2026-03-31", TODAY, 31).to())
        .isEqualTo(LocalDate.of(2026, 3, 31));
    assertThatThrownBy(() -> BoardRange.parse("2026-03-01", "2026-04-01", TODAY, 31))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("to"));
  }

  @Test
  void leapDayOnlyInLeapYears() {
    assertThat(BoardRange.parse("2028-02-29", "2028-02-29", TODAY, 31).from())
        .isEqualTo(LocalDate.of(2028, 2, 29));
    assertThatThrownBy(() -> BoardRange.parse("2027-02-29", "2027-02-29", TODAY, 31))
        .isInstanceOf(InvalidInputException.class);
  }
}
