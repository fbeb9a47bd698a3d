package dev.occ;

import static dev.occ.testing.ItemsTable.ITEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.occ.testing.ItemsTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Invariants 1–3 of DESIGN.md as a property over random plans run by real threads on a real
 * database: several threads update a few rows with mostly fresh, sometimes stale or bogus expected
 * versions, while in some runs another thread deletes a row. The interleaving is whatever the
 * database makes of it; the invariants must hold for every one.
 */
abstract class ConcurrentUpdatesProperty {
  /** Each example writes rows of its own, so examples never see each other's leftovers. */
  private static final AtomicLong NEXT_ID_BASE = new AtomicLong(1_000);

  /** The database under test; the {@code items} table exists. */
  abstract Jdbi jdbi();

  /**
   * The connections one thread of a run reads and writes through (the deleter is thread {@code
   * threads}): by default those of {@link #jdbi()}; a cluster gives each thread another node.
   */
  Jdbi jdbi(int thread) {
    return jdbi();
  }

  /** The occ the threads that share the connections use. */
  Occ occ(Jdbi jdbi) {
    return Occ.create(jdbi);
  }

  /** Whether the database may answer single-row updates with transient errors (H2 may). */
  abstract boolean mayFailTransiently();

  /**
   * One update: which row, and how far the expected version lags what was just read (<0: ahead).
   */
  record Step(int row, int staleness) {}

  /**
   * A run: each thread's steps, the rows' initial versions, the row to delete (-1: none) and after
   * what percentage of all steps the delete starts.
   */
  record Plan(
      List<List<Step>> threads, List<Long> initialVersions, int deleteRow, int deletePercent) {
    int rows() {
      return initialVersions.size();
    }
  }

  enum Kind {
    ACKED,
    CONFLICT,
    NOT_FOUND,
    TRANSIENT
  }

  /** What one update reported; {@code version} is the new version or the conflict's actual one. */
  record Result(int row, Kind kind, long expected, long version, boolean startedAfterDelete) {}

  @Test
  void noLostUpdateConflictsTellTheTruthAndDeletedRowsAreNotFound() {
    qt().withExamples(30).withShrinkCycles(20).forAll(plans()).checkAssert(this::runAndCheck);
  }

  static Gen<Plan> plans() {
    Gen<Integer> staleness =
        Generate.frequency(
            Pair.of(6, Generate.constant(0)),
            Pair.of(2, Generate.constant(1)),
            Pair.of(1, Generate.constant(3)),
            Pair.of(1, Generate.constant(-1)));
    Gen<Step> step = integers().between(0, 3).zip(staleness, Step::new);
    Gen<List<List<Step>>> threads =
        lists().of(lists().of(step).ofSizeBetween(1, 6)).ofSizeBetween(2, 6);
    Gen<Integer> deleteRow =
        Generate.frequency(Pair.of(2, Generate.constant(-1)), Pair.of(1, integers().between(0, 3)));
    return integers()
        .between(1, 4)
        .zip(
            threads,
            lists().of(longs().between(0, 5)).ofSize(4),
            deleteRow,
            integers().between(0, 75),
            (rows, ts, initial, delete, after) -> {
              List<List<Step>> normalized = new ArrayList<>();
              for (List<Step> t : ts) {
                normalized.add(
                    t.stream().map(s -> new Step(s.row() % rows, s.staleness())).toList());
              }
              return new Plan(
                  normalized, initial.subList(0, rows), delete < 0 ? -1 : delete % rows, after);
            });
  }

  private void runAndCheck(Plan plan) {
    Jdbi jdbi = jdbi();
    long base = NEXT_ID_BASE.getAndAdd(10);
    for (int r = 0; r < plan.rows(); r++) {
      ItemsTable.insert(jdbi, base + r, plan.initialVersions().get(r));
    }
    Map<Jdbi, Occ> occs = new HashMap<>();
    List<Jdbi> jdbis = new ArrayList<>();
    for (int t = 0; t <= plan.threads().size(); t++) {
      Jdbi own = jdbi(t);
      jdbis.add(own);
      occs.computeIfAbsent(own, this::occ);
    }
    AtomicBoolean deleted = new AtomicBoolean();
    int totalSteps = plan.threads().stream().mapToInt(List::size).sum();
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch deleteGate = new CountDownLatch(totalSteps * plan.deletePercent() / 100);
    ExecutorService pool = Executors.newFixedThreadPool(plan.threads().size() + 1);
    try {
      List<Future<List<Result>>> workers = new ArrayList<>();
      for (int t = 0; t < plan.threads().size(); t++) {
        int thread = t;
        workers.add(
            pool.submit(
                () -> {
                  start.await();
                  List<Result> results = new ArrayList<>();
                  Jdbi own = jdbis.get(thread);
                  for (Step s : plan.threads().get(thread)) {
                    results.add(
                        update(
                            own,
                            occs.get(own),
                            base + s.row(),
                            s,
                            plan,
                            deleted,
                            "t" + thread + "-" + results.size()));
                    deleteGate.countDown();
                  }
                  return results;
                }));
      }
      Future<List<Result>> deleter =
          plan.deleteRow() < 0
              ? null
              : pool.submit(
                  () -> {
                    start.await();
                    // Let a random number of updates land first, so deletes fall anywhere in the
                    // run.
                    deleteGate.await();
                    Jdbi own = jdbis.get(plan.threads().size());
                    return delete(
                        own, occs.get(own), base + plan.deleteRow(), plan.deleteRow(), deleted);
                  });
      start.countDown();
      List<Result> results = new ArrayList<>();
      for (Future<List<Result>> w : workers) {
        results.addAll(w.get(60, TimeUnit.SECONDS));
      }
      List<Result> deletions = deleter == null ? List.of() : deleter.get(60, TimeUnit.SECONDS);
      check(plan, base, results, deletions);
    } catch (Exception e) {
      throw new AssertionError("run failed: " + plan, e);
    } finally {
      pool.shutdownNow();
    }
  }

  private Result update(
      Jdbi jdbi, Occ occ, long id, Step s, Plan plan, AtomicBoolean deleted, String name) {
    long read = ItemsTable.version(jdbi, id).orElse(plan.initialVersions().get(s.row()));
    long expected = Math.max(0, read - s.staleness());
    // Read the flag before the update starts: if the delete had committed by then, the update
    // can only be answered with not-found.
    boolean afterDelete = s.row() == plan.deleteRow() && deleted.get();
    try {
      RowVersion v =
          occ.update(ITEMS).set("name", name).whereId(id).expectVersion(expected).execute();
      return new Result(s.row(), Kind.ACKED, expected, v.version(), afterDelete);
    } catch (VersionConflictException e) {
      assertThat(e.expectedVersion()).isEqualTo(expected);
      return new Result(s.row(), Kind.CONFLICT, expected, e.actualVersion(), afterDelete);
    } catch (RowNotFoundException e) {
      return new Result(s.row(), Kind.NOT_FOUND, expected, -1, afterDelete);
    } catch (TransientFailureException e) {
      return new Result(s.row(), Kind.TRANSIENT, expected, -1, afterDelete);
    }
  }

  /**
   * Deletes the row at the version it reads, re-reading after each conflict (and after a transient
   * failure, which rolled the delete back, where the database may give one); returns the tries.
   */
  private List<Result> delete(Jdbi jdbi, Occ occ, long id, int row, AtomicBoolean deleted) {
    List<Result> tries = new ArrayList<>();
    while (true) {
      long read =
          ItemsTable.version(jdbi, id).orElseThrow(() -> new AssertionError("row vanished"));
      try {
        occ.delete(ITEMS).whereId(id).expectVersion(read).execute();
        deleted.set(true);
        tries.add(new Result(row, Kind.ACKED, read, -1, false));
        return tries;
      } catch (VersionConflictException e) {
        tries.add(new Result(row, Kind.CONFLICT, read, e.actualVersion(), false));
      } catch (TransientFailureException e) {
        if (!mayFailTransiently()) {
          throw e;
        }
      }
    }
  }

  private void check(Plan plan, long base, List<Result> updates, List<Result> deletions) {
    if (!mayFailTransiently()) {
      assertThat(updates).noneMatch(r -> r.kind() == Kind.TRANSIENT);
    }
    for (int row = 0; row < plan.rows(); row++) {
      int r = row;
      long initial = plan.initialVersions().get(row);
      List<Result> ofRow = updates.stream().filter(u -> u.row() == r).toList();
      List<Result> acks = ofRow.stream().filter(u -> u.kind() == Kind.ACKED).toList();
      // Invariant 1: each ack moves the expected version by one; together they form one chain
      // from the initial version, with no fork (shared version) and no gap.
      assertThat(acks).allSatisfy(a -> assertThat(a.version()).isEqualTo(a.expected() + 1));
      List<Long> versions = acks.stream().map(Result::version).sorted().toList();
      assertThat(versions).doesNotHaveDuplicates();
      assertThat(versions)
          .containsExactlyElementsOf(
              LongStream.rangeClosed(initial + 1, initial + acks.size()).boxed().toList());
      long lastVersion = initial + acks.size();
      OptionalLong now = ItemsTable.version(jdbi(), base + row);
      List<Result> conflicts =
          new ArrayList<>(ofRow.stream().filter(u -> u.kind() == Kind.CONFLICT).toList());
      if (row == plan.deleteRow()) {
        assertThat(now).as("deleted row %d", row).isEmpty();
        Result deletion = deletions.get(deletions.size() - 1);
        assertThat(deletion.expected()).as("version the row was deleted at").isEqualTo(lastVersion);
        conflicts.addAll(deletions.subList(0, deletions.size() - 1));
        // Invariant 3: once the delete committed, the row is not found, never in conflict (nor
        // updated); a transient failure, where the database may give one, says neither.
        assertThat(ofRow)
            .filteredOn(Result::startedAfterDelete)
            .allMatch(
                u ->
                    u.kind() == Kind.NOT_FOUND
                        || (mayFailTransiently() && u.kind() == Kind.TRANSIENT));
      } else {
        assertThat(now).as("row %d", row).hasValue(lastVersion);
        assertThat(ofRow).noneMatch(u -> u.kind() == Kind.NOT_FOUND);
      }
      // Invariant 2: a conflict reports a version the row really had, and not the expected one.
      assertThat(conflicts)
          .allSatisfy(
              c -> {
                assertThat(c.version()).isNotEqualTo(c.expected());
                assertThat(c.version()).isBetween(initial, lastVersion);
              });
    }
  }
}
