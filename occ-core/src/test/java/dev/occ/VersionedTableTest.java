package dev.occ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names reach SQL only after they pass the identifier check, at configuration time. */
class VersionedTableTest {
  private final Occ occ = Occ.create(Jdbi.create("jdbc:h2:mem:unused"));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "items; DROP TABLE items",
        "items--",
        "\"items\"",
        "it ems",
        "1items",
        "a.b.c",
        "items)",
        "x123456789x123456789x123456789x123456789x123456789x123456789xyzw"
      })
  void badTableNamesAreRefused(String name) {
    assertThatThrownBy(() -> VersionedTable.of(name)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"id = 1 OR 1", "ver sion", "version;", "v'"})
  void badColumnNamesAreRefused(String column) {
    assertThatThrownBy(() -> VersionedTable.builder("items").versionColumn(column).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VersionedTable.builder("items").idColumn(column).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VersionedTable.builder("items").updatedAtColumn(column).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> occ.update(VersionedTable.of("items")).set(column, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> occ.insert(VersionedTable.of("items")).value(column, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void schemaQualifiedNamesAndCustomColumnsAreAccepted() {
    VersionedTable t =
        VersionedTable.builder("shop.appointments")
            .idColumn("appointment_id")
            .versionColumn("rev")
            .updatedAtColumn("modified_at")
            .initialVersion(0)
            .build();

    assertThat(t.name()).isEqualTo("shop.appointments");
    assertThat(t.idColumn()).isEqualTo("appointment_id");
    assertThat(t.versionColumn()).isEqualTo("rev");
    assertThat(t.updatedAtColumn()).isEqualTo("modified_at");
    assertThat(t.initialVersion()).isZero();
  }

  @Test
  void managedColumnsCannotBeSetByHand() {
    VersionedTable t = VersionedTable.of("items");
    assertThatThrownBy(() -> occ.update(t).set("version", 99))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> occ.update(t).set("UPDATED_AT", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> occ.update(t).set("id", 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> occ.insert(t).value("version", 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void clashingOrInvalidSettingsAreRefused() {
    assertThatThrownBy(() -> VersionedTable.builder("t").versionColumn("id").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VersionedTable.builder("t").initialVersion(-1).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> occ.update(VersionedTable.of("t")).expectVersion(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void incompleteRequestsAreRefusedBeforeTouchingTheDatabase() {
    VersionedTable t = VersionedTable.of("t");
    assertThatThrownBy(() -> occ.update(t).set("a", 1).expectVersion(1).execute())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("whereId");
    assertThatThrownBy(() -> occ.update(t).set("a", 1).whereId(1).execute())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("expectVersion");
    assertThatThrownBy(() -> occ.update(t).whereId(1).expectVersion(1).execute())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("set");
  }
}
