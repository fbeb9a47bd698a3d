package dev.occ.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.Database;
import dev.occ.VersionedTable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One dialect instance caches statements by table description: a scoped and an unscoped description
 * of the same table must never share a cached statement, and every statement that finds rows by id
 * matches the scope.
 */
class ScopedStatementsTest {
  private static final VersionedTable PLAIN = VersionedTable.of("appointments");
  private static final VersionedTable SCOPED =
      VersionedTable.builder("appointments").scopeColumn("shop_id").build();
  private static final String MATCH = "\"shop_id\" = :scope";

  @ParameterizedTest
  @EnumSource(Database.class)
  void everyStatementThatFindsRowsByIdMatchesTheScope(Database database) {
    SqlDialect d = SqlDialect.of(database, SqlNames.POSTGRESQL);
    List<String> status = List.of("status");
    // Rendered for the unscoped description first: a cache keyed without the scope would hand
    // these back for the scoped one.
    List<String> plain = statements(d, PLAIN, status);
    List<String> scoped = statements(d, SCOPED, status);

    assertThat(plain).noneMatch(sql -> sql.contains("shop_id"));
    assertThat(scoped).allSatisfy(sql -> assertThat(sql).contains(MATCH));
    String linked =
        d.updateReturningLinked(
            SCOPED,
            status,
            List.of(),
            List.of(
                new LinkedRow(
                    "moves",
                    List.of("appointment_id"),
                    List.of(new LinkedRow.Source(LinkedRow.Kind.ID, null, null)))));
    // null where the database has no one-statement update (the linked rows follow on their own).
    if (linked != null) {
      assertThat(linked).contains(d.inlinesLinkedRows() ? "occ_row." + MATCH : MATCH);
    }
  }

  private static List<String> statements(SqlDialect d, VersionedTable t, List<String> columns) {
    List<String> sql =
        new ArrayList<>(
            List.of(
                d.update(t, columns),
                d.delete(t),
                d.selectVersion(t),
                d.selectRow(t),
                d.selectUpdatedAt(t),
                d.lockPrevious(t, columns),
                d.lockBatch(t, 2),
                d.selectUpdatedAts(t, 2)));
    String returning = d.updateReturning(t, columns, List.of());
    if (returning != null) {
      sql.add(returning);
    }
    String previous = d.updateReturning(t, columns, columns);
    if (previous != null) {
      sql.add(previous);
    }
    return sql;
  }
}
