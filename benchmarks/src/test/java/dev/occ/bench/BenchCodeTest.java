package dev.occ.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.occ.Database;
import dev.occ.internal.SqlDialect;
import dev.occ.internal.SqlNames;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Checks, without a database, the parts of the benchmarks that make the comparison fair. */
class BenchCodeTest {
  @Test
  void rawJdbcSendsTheSqlOccRendersBarTheTransactionId() {
    // Same text, same server-side prepared statement: the contenders differ only above the driver.
    // occ renders named binds; Jdbi sends each as a positional parameter. occ also hands back the
    // write's transaction id (to resolve a COMMIT whose answer is lost); a hand-written baseline
    // would not ask for it, so that cost stays in occ's column of the results.
    String rendered =
        SqlDialect.of(Database.POSTGRESQL, SqlNames.POSTGRESQL)
            .updateReturning(OccDefault.APPOINTMENTS, List.of("status"), List.of());
    assertThat(rendered).isNotNull();
    assertThat(rendered).endsWith(", txid_current()");
    assertThat(BenchTable.VERSIONED_UPDATE)
        .isEqualTo(rendered.replace(", txid_current()", "").replaceAll(":[a-z0-9]+", "?"));
  }

  @Test
  void threadsGetDisjointRowsThatCoverTheHotSet() {
    long[] all =
        LongStream.range(0, 4)
            .flatMap(t -> Arrays.stream(RowSlice.ids(RowSet.HOT, (int) t, 4)))
            .sorted()
            .toArray();

    assertThat(all).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(RowSlice.ids(RowSet.HOT, 0, 4)).containsExactly(1, 5, 9);
    assertThat(RowSlice.ids(RowSet.HOT, 3, 4)).containsExactly(4, 8);
    assertThat(RowSlice.ids(RowSet.SPREAD, 0, 1)).hasSize(BenchTable.ROWS);
  }

  @Test
  void moreThreadsThanHotRowsIsRefused() {
    assertThatThrownBy(() -> RowSlice.ids(RowSet.HOT, 0, 11))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at most");
  }

  @Test
  void aSchemaNameThatIsNotAnIdentifierIsRefused() {
    assertThatThrownBy(() -> new BenchConfig("jdbc:postgresql://x/y", "u", "", "a;drop", 4))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
