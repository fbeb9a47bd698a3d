package dev.occ;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * SQL folds unquoted names, so {@code status} and {@code STATUS} are one column: a request that
 * names it twice must be refused as soon as the second name is given, not sent as two assignments
 * that the database rejects at run time.
 */
class CaseDuplicateColumnsTest {
  private static final VersionedTable ITEMS = VersionedTable.of("items");

  private final Occ occ = Occ.create(Jdbi.create("jdbc:h2:mem:unused"));

  /** Two spellings of one column, in a map that keeps both. */
  private static Map<String, Object> bothSpellings() {
    Map<String, Object> changes = new HashMap<>();
    changes.put("status", "A");
    changes.put("STATUS", "B");
    return changes;
  }

  @Test
  void anUpdateRefusesTheSameColumnInAnotherCase() {
    UpdateRequest update = occ.update(ITEMS).set("status", "A");

    assertThatIllegalArgumentException()
        .as("set(\"STATUS\") after set(\"status\")")
        .isThrownBy(() -> update.set("STATUS", "B"));
  }

  @Test
  void anUpdateRefusesAMapWithTheSameColumnInTwoCases() {
    assertThatIllegalArgumentException()
        .as("set(Map.of(\"status\", …, \"STATUS\", …))")
        .isThrownBy(() -> occ.update(ITEMS).set(Map.of("status", "A", "STATUS", "B")));
  }

  @Test
  void aBatchRowRefusesTheSameColumnInTwoCases() {
    assertThatIllegalArgumentException()
        .as("a batch row with both \"status\" and \"STATUS\"")
        .isThrownBy(() -> occ.batchUpdate(ITEMS).add(1L, 1, bothSpellings()));
  }

  @Test
  void anInsertRefusesTheSameColumnInAnotherCase() {
    InsertRequest insert = occ.insert(ITEMS).value("status", "A");

    assertThatIllegalArgumentException()
        .as("value(\"STATUS\") after value(\"status\")")
        .isThrownBy(() -> insert.value("STATUS", "B"));
  }
}
