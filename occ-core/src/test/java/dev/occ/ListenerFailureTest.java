package dev.occ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.occ.testing.ItemsTable;
import dev.occ.testing.TestDatabases;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A listener observes; it must never change what a write did or how it is reported. A listener that
 * throws after a committed write must not turn the write into a failure (the caller would retry it
 * and apply it twice), nor hide a conflict.
 */
class ListenerFailureTest {
  private static final VersionedTable ITEMS = ItemsTable.ITEMS;

  private Jdbi jdbi;

  /** A listener whose every operation report throws. */
  private static final OccListener THROWS_ON_COMPLETED =
      new OccListener() {
        @Override
        public void operationCompleted(
            String table, Operation operation, Outcome outcome, long nanos) {
          throw new IllegalStateException("listener failed on " + operation + " " + outcome);
        }
      };

  @BeforeEach
  void createTable() {
    jdbi = Jdbi.create(TestDatabases.freshH2Url());
    ItemsTable.create(jdbi);
    ItemsTable.insert(jdbi, 1, 1);
  }

  @Test
  void aCommittedUpdateIsReturnedWhenTheListenerThrows() {
    Occ occ = Occ.builder(jdbi).listener(THROWS_ON_COMPLETED).build();
    AtomicReference<RowVersion> written = new AtomicReference<>();

    assertThatCode(
            () ->
                written.set(
                    occ.update(ITEMS)
                        .set("name", "changed")
                        .whereId(1L)
                        .expectVersion(1)
                        .execute()))
        .as("an update that committed, with a listener that throws from operationCompleted")
        .doesNotThrowAnyException();

    assertThat(written.get().version()).isEqualTo(2);
    assertThat(ItemsTable.version(jdbi, 1)).hasValue(2);
    assertThat(ItemsTable.name(jdbi, 1)).isEqualTo("changed");
  }

  @Test
  void aCommittedInsertIsReturnedWhenTheListenerThrows() {
    Occ occ = Occ.builder(jdbi).listener(THROWS_ON_COMPLETED).build();

    assertThatCode(() -> occ.insert(ITEMS).value("id", 2L).value("name", "new").execute())
        .as("an insert that committed, with a listener that throws from operationCompleted")
        .doesNotThrowAnyException();

    assertThat(ItemsTable.version(jdbi, 2)).hasValue(1);
  }

  @Test
  void aCommittedBatchIsReturnedWhenTheListenerThrows() {
    Occ occ = Occ.builder(jdbi).listener(THROWS_ON_COMPLETED).build();
    AtomicReference<List<BatchOutcome>> outcomes = new AtomicReference<>();

    assertThatCode(
            () ->
                outcomes.set(occ.batchUpdate(ITEMS).add(1L, 1, Map.of("name", "batch")).execute()))
        .as("a batch that committed, with a listener that throws from operationCompleted")
        .doesNotThrowAnyException();

    assertThat(outcomes.get())
        .extracting(BatchOutcome::status)
        .containsExactly(BatchOutcome.Status.UPDATED);
    assertThat(ItemsTable.version(jdbi, 1)).hasValue(2);
  }

  @Test
  void aConflictIsStillAVersionConflictWhenTheListenerThrows() {
    Occ occ = Occ.builder(jdbi).listener(THROWS_ON_COMPLETED).build();

    Throwable thrown =
        catchThrowable(
            () -> occ.update(ITEMS).set("name", "stale").whereId(1L).expectVersion(7).execute());

    assertThat(thrown)
        .as("an update at a stale version, with a listener that throws from operationCompleted")
        .isInstanceOfSatisfying(
            VersionConflictException.class, e -> assertThat(e.actualVersion()).isEqualTo(1));
    assertThat(ItemsTable.version(jdbi, 1)).hasValue(1);
  }

  @Test
  void aMissingRowIsStillRowNotFoundWhenTheListenerThrows() {
    Occ occ = Occ.builder(jdbi).listener(THROWS_ON_COMPLETED).build();

    Throwable thrown =
        catchThrowable(
            () -> occ.update(ITEMS).set("name", "x").whereId(99L).expectVersion(1).execute());

    assertThat(thrown)
        .as("an update of a missing row, with a listener that throws from operationCompleted")
        .isInstanceOf(RowNotFoundException.class);
  }
}
