package dev.occ;

import static dev.occ.testing.ItemsTable.ITEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.occ.testing.ItemsTable;
import dev.occ.testing.RecordingListener;
import dev.occ.testing.TestDatabases;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The observer hook on H2: called around each operation in order, with the outcome and the
 * exception the caller gets, and never allowed to change either when it fails itself.
 */
class OccObserverTest {
  private static final Jdbi JDBI = Jdbi.create(TestDatabases.freshH2Url());

  static {
    ItemsTable.create(JDBI);
  }

  private static long nextId = 1;

  private static long newRow(long version) {
    long id = nextId++;
    ItemsTable.insert(JDBI, id, version);
    return id;
  }

  /** Writes down every call, as {@code start …}/{@code stop …} lines. */
  static final class Recording implements OccObserver {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<@Nullable Throwable> failures = new CopyOnWriteArrayList<>();

    @Override
    public Observed start(String table, Operation operation) {
      calls.add("start " + table + " " + operation);
      return (outcome, failure) -> {
        calls.add("stop " + table + " " + operation + " " + outcome);
        failures.add(failure);
      };
    }
  }

  @Test
  void wrapsEachOperationAndNestsThoseInATransaction() {
    long id = newRow(1);
    long stale = newRow(7);
    Recording observer = new Recording();
    Occ occ = Occ.builder(JDBI).observer(observer).build();

    occ.inTransaction(
        h -> occ.update(ITEMS).set("name", "b").whereId(id).expectVersion(1).execute(h));
    VersionConflictException conflict =
        (VersionConflictException)
            org.assertj.core.api.Assertions.catchThrowable(
                () -> occ.update(ITEMS).set("name", "c").whereId(stale).expectVersion(6).execute());

    assertThat(observer.calls)
        .containsExactly(
            "start transaction TRANSACTION",
            "start items UPDATE",
            "stop items UPDATE SUCCESS",
            "stop transaction TRANSACTION SUCCESS",
            "start items UPDATE",
            "stop items UPDATE CONFLICT");
    assertThat(observer.failures).containsExactly(null, null, conflict);
  }

  @Test
  void anObserverThatThrowsChangesNoOutcome() {
    long id = newRow(1);
    long stale = newRow(3);
    RecordingListener listener = new RecordingListener();
    OccObserver failsToStart =
        (table, operation) -> {
          throw new IllegalStateException("observer down");
        };
    OccObserver failsToStop =
        (table, operation) ->
            (outcome, failure) -> {
              throw new IllegalStateException("observer down");
            };

    RowVersion updated =
        Occ.builder(JDBI)
            .observer(failsToStart)
            .listener(listener)
            .build()
            .update(ITEMS)
            .set("name", "b")
            .whereId(id)
            .expectVersion(1)
            .execute();
    assertThatThrownBy(
            () ->
                Occ.builder(JDBI)
                    .observer(failsToStop)
                    .listener(listener)
                    .build()
                    .update(ITEMS)
                    .set("name", "b")
                    .whereId(stale)
                    .expectVersion(2)
                    .execute())
        .isInstanceOf(VersionConflictException.class);
    String name =
        Occ.builder(JDBI).observer(failsToStop).build().inTransaction(h -> "callback's result");

    assertThat(updated.version()).isEqualTo(2);
    assertThat(ItemsTable.version(JDBI, id)).hasValue(2);
    assertThat(name).isEqualTo("callback's result");
    assertThat(listener.completed())
        .extracting(RecordingListener.Completed::outcome)
        .containsExactly(Outcome.SUCCESS, Outcome.CONFLICT);
  }
}
