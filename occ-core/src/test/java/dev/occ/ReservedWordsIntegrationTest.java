package dev.occ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.occ.testing.TestDatabases;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Names that pass occ's identifier check but are reserved words in SQL: occ must either refuse them
 * when they are given, or write them so that the database accepts them. Accepting a name and then
 * failing every write with a syntax error (SQLState 42601) is neither.
 */
class ReservedWordsIntegrationTest {
  private static TestDatabases.Schema schema;
  private static Jdbi jdbi;

  @BeforeAll
  static void createTables() {
    schema = TestDatabases.freshPostgresSchema("occ_reserved");
    jdbi = Jdbi.create(schema.url(), schema.user(), schema.password());
    jdbi.useHandle(
        h -> {
          h.execute(
              "CREATE TABLE \"order\" (id BIGINT PRIMARY KEY, name VARCHAR(100),"
                  + " version BIGINT NOT NULL, updated_at TIMESTAMP WITH TIME ZONE)");
          h.execute("INSERT INTO \"order\" (id, name, version) VALUES (1, 'initial', 1)");
          h.execute(
              "CREATE TABLE accounts (id BIGINT PRIMARY KEY, \"user\" VARCHAR(100),"
                  + " version BIGINT NOT NULL, updated_at TIMESTAMP WITH TIME ZONE)");
          h.execute("INSERT INTO accounts (id, \"user\", version) VALUES (1, 'alice', 1)");
        });
  }

  @AfterAll
  static void dropSchema() {
    schema.close();
  }

  private static Map<String, Object> row(String quotedTable, long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM " + quotedTable + " WHERE id = ?")
                .bind(0, id)
                .mapToMap()
                .one());
  }

  @Test
  void aTableNamedOrderIsRefusedWhenDescribedOrWritable() {
    VersionedTable order;
    try {
      order = VersionedTable.of("order");
    } catch (IllegalArgumentException refusedUpFront) {
      return; // one of the two correct behaviours
    }
    Occ occ = Occ.create(jdbi);
    VersionedTable accepted = order;

    Throwable thrown =
        catchThrowable(
            () ->
                occ.update(accepted).set("name", "changed").whereId(1L).expectVersion(1).execute());

    assertThat(thrown).as("an update of table \"order\", whose description occ accepted").isNull();
    assertThat(row("\"order\"", 1)).containsEntry("name", "changed").containsEntry("version", 2L);
  }

  @Test
  void aColumnNamedUserIsRefusedWhenSetOrWritable() {
    Occ occ = Occ.create(jdbi);
    UpdateRequest update = occ.update(VersionedTable.of("accounts"));
    try {
      update.set("user", "bob");
    } catch (IllegalArgumentException refusedUpFront) {
      return; // one of the two correct behaviours
    }

    Throwable thrown = catchThrowable(() -> update.whereId(1L).expectVersion(1).execute());

    assertThat(thrown).as("an update of column \"user\", which occ accepted").isNull();
    assertThat(row("accounts", 1)).containsEntry("user", "bob").containsEntry("version", 2L);
  }
}
