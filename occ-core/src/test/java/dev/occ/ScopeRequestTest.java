package dev.occ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A scope fails closed: a scoped table refuses a request without one, an unscoped table refuses a
 * request with one, and no request can move a row to another scope. All of it is decided before a
 * connection is opened (the database here does not exist).
 */
class ScopeRequestTest {
  private static final VersionedTable PLAIN = VersionedTable.of("items");
  private static final VersionedTable SCOPED =
      VersionedTable.builder("appointments").scopeColumn("shop_id").build();

  private final Occ occ = Occ.create(Jdbi.create("jdbc:h2:mem:never_opened"));

  @Test
  void inScopeOnATableWithoutAScopeColumnIsRefused() {
    List<ThrowingCallable> requests =
        List.of(
            () -> occ.update(PLAIN).inScope("north"),
            () -> occ.insert(PLAIN).inScope("north"),
            () -> occ.delete(PLAIN).inScope("north"),
            () -> occ.batchUpdate(PLAIN).inScope("north"),
            () -> occ.modify(PLAIN, 1L).inScope("north"));

    for (ThrowingCallable request : requests) {
      assertThatThrownBy(request)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("items")
          .hasMessageContaining("scopeColumn");
    }
  }

  @Test
  void aNullScopeIsRefused() {
    assertThatThrownBy(() -> occ.update(SCOPED).inScope(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shop_id");
    assertThatThrownBy(() -> occ.insert(SCOPED).inScope(null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VersionedTable.builder("t").scopeColumn(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyRequestOnAScopedTableNeedsAScope() {
    List<ThrowingCallable> requests =
        List.of(
            () -> occ.update(SCOPED).set("status", "READY").whereId(1L).expectVersion(1).execute(),
            () -> occ.insert(SCOPED).value("status", "READY").execute(),
            () -> occ.insert(SCOPED).value("shop_id", "north").execute(),
            () -> occ.delete(SCOPED).whereId(1L).expectVersion(1).execute(),
            () -> occ.batchUpdate(SCOPED).add(1L, 1, Map.of("status", "READY")).execute(),
            () -> occ.batchUpdate(SCOPED).execute(),
            () -> occ.modify(SCOPED, 1L).apply(row -> Map.of("status", "READY")));

    for (ThrowingCallable request : requests) {
      assertThatThrownBy(request)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("appointments")
          .hasMessageContaining("shop_id")
          .hasMessageContaining("inScope");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"shop_id", "SHOP_ID"})
  void noWriteChangesARowsScope(String column) {
    assertThatThrownBy(() -> occ.update(SCOPED).inScope("north").set(column, "south"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scope");
    assertThatThrownBy(
            () -> occ.batchUpdate(SCOPED).inScope("north").add(1L, 1, Map.of(column, "south")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scope");
    assertThatThrownBy(() -> occ.insert(SCOPED).inScope("north").value(column, "south"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(column.toLowerCase(java.util.Locale.ROOT));
    assertThatThrownBy(() -> occ.insert(SCOPED).values(Map.of(column, "south")).inScope("north"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anInsertMayNameItsOwnScopeInTheScopeColumn() {
    InsertRequest insert = occ.insert(SCOPED).inScope("north").value("shop_id", "north");

    assertThat(insert).isNotNull();
    assertThat(occ.insert(SCOPED).value("SHOP_ID", "north").inScope("north")).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"id", "version", "updated_at", "VERSION", "shop id", "shop_id;--", ""})
  void aScopeColumnMustBeAPlainIdentifierOfItsOwn(String column) {
    assertThatThrownBy(() -> VersionedTable.builder("appointments").scopeColumn(column).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scope column");
  }
}
