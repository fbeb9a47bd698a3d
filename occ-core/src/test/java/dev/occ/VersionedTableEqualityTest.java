package dev.occ;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A table description is a value: two built with the same settings are equal and hash alike (they
 * are used as map keys, e.g. for cached SQL), and any difference in settings makes them unequal.
 */
class VersionedTableEqualityTest {

  @Test
  void twoDescriptionsOfTheSameTableAreEqualAndHashAlike() {
    VersionedTable first = VersionedTable.of("items");
    VersionedTable second = VersionedTable.of("items");

    assertThat(first).as("VersionedTable.of(\"items\") twice").isEqualTo(second);
    assertThat(first.hashCode()).as("their hash codes").isEqualTo(second.hashCode());
  }

  @Test
  void aBuiltDescriptionWithTheDefaultSettingsEqualsTheShortForm() {
    VersionedTable built =
        VersionedTable.builder("items")
            .idColumn("id")
            .versionColumn("version")
            .updatedAtColumn("updated_at")
            .initialVersion(1)
            .build();

    assertThat(built)
        .as("a builder-built description with the defaults spelled out")
        .isEqualTo(VersionedTable.of("items"));
    assertThat(built.hashCode()).isEqualTo(VersionedTable.of("items").hashCode());
  }

  @Test
  void twoBuiltDescriptionsWithTheSameCustomSettingsAreEqual() {
    VersionedTable first =
        VersionedTable.builder("notes")
            .versionColumn("rev")
            .noUpdatedAtColumn()
            .initialVersion(0)
            .build();
    VersionedTable second =
        VersionedTable.builder("notes")
            .versionColumn("rev")
            .noUpdatedAtColumn()
            .initialVersion(0)
            .build();

    assertThat(first).as("two descriptions built with the same custom settings").isEqualTo(second);
    assertThat(first.hashCode()).isEqualTo(second.hashCode());
  }

  @Test
  void descriptionsThatDifferInAnySettingAreNotEqual() {
    VersionedTable base = VersionedTable.of("items");

    assertThat(base)
        .isNotEqualTo(VersionedTable.of("other"))
        .isNotEqualTo(VersionedTable.builder("items").idColumn("item_id").build())
        .isNotEqualTo(VersionedTable.builder("items").versionColumn("rev").build())
        .isNotEqualTo(VersionedTable.builder("items").noUpdatedAtColumn().build())
        .isNotEqualTo(VersionedTable.builder("items").updatedAtColumn("changed_at").build())
        .isNotEqualTo(VersionedTable.builder("items").initialVersion(0).build())
        .isNotEqualTo(VersionedTable.builder("items").scopeColumn("shop_id").build());
    assertThat(VersionedTable.builder("items").scopeColumn("shop_id").build())
        .isNotEqualTo(VersionedTable.builder("items").scopeColumn("tenant_id").build());
  }

  @Test
  void theScopeColumnIsPartOfTheValue() {
    VersionedTable first = VersionedTable.builder("appointments").scopeColumn("shop_id").build();
    VersionedTable second = VersionedTable.builder("appointments").scopeColumn("shop_id").build();

    assertThat(first).isEqualTo(second);
    assertThat(first.hashCode()).isEqualTo(second.hashCode());
    assertThat(first.scopeColumn()).isEqualTo("shop_id");
    assertThat(VersionedTable.of("appointments").scopeColumn()).isNull();
    assertThat(first.toString()).contains("appointments").contains("shop_id");
    assertThat(VersionedTable.of("appointments").toString()).doesNotContain("scope");
  }
}
