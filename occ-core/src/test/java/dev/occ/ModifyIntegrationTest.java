package dev.occ;

import static dev.occ.testing.ItemsTable.ITEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.occ.testing.InjectedFailures;
import dev.occ.testing.ItemsTable;
import dev.occ.testing.PostgresItems;
import dev.occ.testing.RecordingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The opt-in read-modify-write loop under contention on PostgreSQL: every increment that reports
 * success is in the counter, and none that reports a conflict is.
 */
class ModifyIntegrationTest {
  private static final int THREADS = 4;
  private static final int INCREMENTS_PER_THREAD = 15;

  private static PostgresItems db;
  private static Jdbi jdbi;
  private static InjectedFailures failures;

  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @BeforeAll
  static void createSchema() {
    db = PostgresItems.create("occ_modify");
    jdbi = db.jdbi();
    failures = InjectedFailures.install(jdbi);
  }

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  @AfterEach
  void stopThreads() {
    pool.shutdownNow();
  }

  /** Adds one to the counter of the row as just read; the row must be self-consistent. */
  private static Map<String, ?> increment(Map<String, @Nullable Object> row) {
    long counter = ((Number) row.get("counter")).longValue();
    long version = ((Number) row.get("version")).longValue();
    // Every write adds one to both, so a row read in one piece has counter == version - 1.
    assertThat(counter).isEqualTo(version - 1);
    return Map.of("counter", counter + 1);
  }

  @Test
  void withEnoughRoundsEveryIncrementLandsExactlyOnce() throws Exception {
    long id = db.newRow(1);
    Occ occ = Occ.create(jdbi);
    AtomicInteger applied = new AtomicInteger();

    runOnAllThreads(
        () -> {
          for (int i = 0; i < INCREMENTS_PER_THREAD; i++) {
            occ.modify(ITEMS, id).maxAttempts(1_000).apply(ModifyIntegrationTest::increment);
            applied.incrementAndGet();
          }
          return null;
        });

    assertThat(applied).hasValue(THREADS * INCREMENTS_PER_THREAD);
    assertThat(ItemsTable.counter(jdbi, id)).isEqualTo(THREADS * INCREMENTS_PER_THREAD);
    assertThat(ItemsTable.version(jdbi, id)).hasValue(1 + THREADS * INCREMENTS_PER_THREAD);
  }

  @Test
  void withOneRoundUnderContentionSuccessesAndConflictsAddUp() throws Exception {
    long id = db.newRow(1);
    Occ occ = Occ.create(jdbi);
    AtomicInteger applied = new AtomicInteger();
    List<VersionConflictException> conflicts = new CopyOnWriteArrayList<>();

    runOnAllThreads(
        () -> {
          for (int i = 0; i < INCREMENTS_PER_THREAD; i++) {
            try {
              occ.modify(ITEMS, id).maxAttempts(1).apply(ModifyIntegrationTest::increment);
              applied.incrementAndGet();
            } catch (VersionConflictException e) {
              conflicts.add(e);
            }
          }
          return null;
        });

    assertThat(applied.get() + conflicts.size()).isEqualTo(THREADS * INCREMENTS_PER_THREAD);
    assertThat(ItemsTable.counter(jdbi, id)).isEqualTo(applied.get());
    assertThat(ItemsTable.version(jdbi, id)).hasValue(1 + applied.get());
    assertThat(conflicts)
        .allSatisfy(c -> assertThat(c.actualVersion()).isNotEqualTo(c.expectedVersion()));
  }

  @Test
  void whenAllReadTheSameVersionOneWinsAndTheRestConflictWithItsVersion() throws Exception {
    long id = db.newRow(1);
    Occ occ = Occ.create(jdbi);
    // All threads read version 1 before any of them writes: exactly the race a single round loses.
    CyclicBarrier allHaveRead = new CyclicBarrier(THREADS);
    Function<Map<String, @Nullable Object>, Map<String, ?>> afterEveryoneRead =
        row -> {
          try {
            allHaveRead.await(30, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          return increment(row);
        };
    List<Object> outcomes = new CopyOnWriteArrayList<>();

    runOnAllThreads(
        () -> {
          try {
            outcomes.add(occ.modify(ITEMS, id).maxAttempts(1).apply(afterEveryoneRead));
          } catch (VersionConflictException e) {
            outcomes.add(e);
          }
          return null;
        });

    assertThat(outcomes)
        .filteredOn(RowVersion.class::isInstance)
        .singleElement()
        .extracting(o -> ((RowVersion) o).version())
        .isEqualTo(2L);
    assertThat(outcomes)
        .filteredOn(VersionConflictException.class::isInstance)
        .hasSize(THREADS - 1)
        .allSatisfy(
            o -> {
              VersionConflictException c = (VersionConflictException) o;
              assertThat(c.expectedVersion()).isEqualTo(1);
              assertThat(c.actualVersion()).isEqualTo(2);
            });
    assertThat(ItemsTable.counter(jdbi, id)).isEqualTo(1);
  }

  @Test
  void aTransientErrorInARoundIsRetriedAndCountedUnderTheTable() {
    long id = db.newRow(1);
    RecordingListener listener = new RecordingListener();
    Occ occ = Occ.builder(jdbi).listener(listener).build();
    failures.failNextUpdates("40001", 1);
    try {
      RowVersion v = occ.modify(ITEMS, id).maxAttempts(1).apply(ModifyIntegrationTest::increment);

      // The transient error is retried by the retry policy, not spent as a read-modify-write round.
      assertThat(v.version()).isEqualTo(2);
      assertThat(failures.attempts()).isEqualTo(2);
    } finally {
      failures.stop();
    }
    assertThat(listener.retries())
        .containsExactly(new RecordingListener.Retry("items", "serialization_failure", 2));
    assertThat(listener.completed())
        .containsExactly(
            new RecordingListener.Completed("items", Operation.MODIFY, Outcome.SUCCESS));
    assertThat(ItemsTable.counter(jdbi, id)).isEqualTo(1);
  }

  @Test
  void aTransientErrorThatOutlastsThePolicyIsReportedForTheTable() {
    long id = db.newRow(1);
    RecordingListener listener = new RecordingListener();
    Occ occ = Occ.builder(jdbi).listener(listener).build();
    failures.failNextUpdates("40001", 2);
    Throwable thrown;
    try {
      thrown = catchThrowable(() -> occ.modify(ITEMS, id).apply(ModifyIntegrationTest::increment));
    } finally {
      failures.stop();
    }

    assertThat(thrown)
        .isInstanceOfSatisfying(
            TransientFailureException.class,
            e -> {
              assertThat(e.table()).isEqualTo("items");
              assertThat(e.attempts()).isEqualTo(2);
            });
    assertThat(listener.completed())
        .containsExactly(new RecordingListener.Completed("items", Operation.MODIFY, Outcome.ERROR));
    assertThat(ItemsTable.version(jdbi, id)).hasValue(1);
  }

  @Test
  void aMissingRowIsNotFound() {
    Occ occ = Occ.create(jdbi);
    long missing = db.missingId();

    Throwable thrown =
        catchThrowable(() -> occ.modify(ITEMS, missing).apply(ModifyIntegrationTest::increment));

    assertThat(thrown).isInstanceOf(RowNotFoundException.class);
    assertThat(((RowNotFoundException) thrown).id()).isEqualTo(missing);
  }

  private void runOnAllThreads(Callable<Void> work) throws Exception {
    List<Future<Void>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      futures.add(pool.submit(work));
    }
    for (Future<Void> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
  }
}
