package dev.occ;

import static dev.occ.testing.TicketsTable.TICKETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.occ.testing.TicketsTable;
import dev.occ.testing.TicketsTable.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Invariant 8 of DESIGN.md (tenants are walls) together with invariants 1–3 within each tenant, as
 * a property over random plans run by real threads on a real database: two tenants' writers update,
 * batch-update, modify and delete rows of a shared set of ids, each row owned by one tenant, with
 * mostly fresh, sometimes stale expected versions — read straight from the table, so a writer aimed
 * at the other tenant's row knows its true version. Whatever the interleaving, a request on the
 * other tenant's row is not found and says nothing of it, and each row ends exactly as its own
 * tenant's acknowledged writes left it.
 */
abstract class TenantWallsProperty {
  /** Each example writes rows of its own, so examples never see each other's leftovers. */
  private static final AtomicLong NEXT_ID_BASE = new AtomicLong(1_000);

  private static final List<String> SHOPS = List.of("north", "south");

  /** The database under test; the {@code tickets} table exists. */
  abstract Jdbi jdbi();

  /** Whether the database may answer with transient errors that outlast occ's retries (H2 may). */
  abstract boolean mayFailTransiently();

  enum Op {
    UPDATE,
    UPDATE_FETCHING_CURRENT,
    BATCH,
    MODIFY,
    DELETE
  }

  /**
   * One request: what, on which row (a batch also on a second), and how far the expected version
   * lags what was just read (<0: ahead).
   */
  record Step(Op op, int row, int secondRow, int staleness) {}

  /**
   * A run: which tenant owns each row, the rows' initial versions, and the writers' steps; writer i
   * works for tenant i % 2, so both tenants write in every run.
   */
  record Plan(List<Integer> owners, List<Long> initialVersions, List<List<Step>> writers) {
    int rows() {
      return owners.size();
    }
  }

  enum Kind {
    ACKED,
    CONFLICT,
    NOT_FOUND,
    TRANSIENT
  }

  /**
   * What one request reported for one row: {@code version} is the new version or the conflict's
   * actual one, {@code name} what an acknowledged write stored in the name column.
   */
  record Result(int row, int tenant, Op op, Kind kind, long expected, long version, String name) {}

  @Test
  void noTenantChangesOrSeesTheOthersRowsAndEachTenantsChainsHold() {
    qt().withExamples(25).withShrinkCycles(10).forAll(plans()).checkAssert(this::runAndCheck);
  }

  static Gen<Plan> plans() {
    Gen<Integer> staleness =
        Generate.frequency(
            Pair.of(6, Generate.constant(0)),
            Pair.of(2, Generate.constant(1)),
            Pair.of(1, Generate.constant(3)),
            Pair.of(1, Generate.constant(-1)));
    Gen<Op> op =
        Generate.frequency(
            Pair.of(4, Generate.constant(Op.UPDATE)),
            Pair.of(1, Generate.constant(Op.UPDATE_FETCHING_CURRENT)),
            Pair.of(2, Generate.constant(Op.BATCH)),
            Pair.of(2, Generate.constant(Op.MODIFY)),
            Pair.of(1, Generate.constant(Op.DELETE)));
    Gen<Step> step =
        op.zip(integers().between(0, 4), integers().between(0, 4), staleness, Step::new);
    return integers()
        .between(2, 5)
        .zip(
            lists().of(integers().between(0, 1)).ofSize(5),
            lists().of(longs().between(0, 5)).ofSize(5),
            lists().of(lists().of(step).ofSizeBetween(1, 6)).ofSizeBetween(2, 5),
            (rows, owners, initial, writers) ->
                new Plan(
                    owners.subList(0, rows),
                    initial.subList(0, rows),
                    writers.stream()
                        .map(
                            steps ->
                                steps.stream()
                                    .map(
                                        s ->
                                            new Step(
                                                s.op(),
                                                s.row() % rows,
                                                s.secondRow() % rows,
                                                s.staleness()))
                                    .toList())
                        .toList()));
  }

  private void runAndCheck(Plan plan) {
    Jdbi jdbi = jdbi();
    long base = NEXT_ID_BASE.getAndAdd(10);
    for (int r = 0; r < plan.rows(); r++) {
      TicketsTable.insert(
          jdbi, base + r, SHOPS.get(plan.owners().get(r)), plan.initialVersions().get(r));
    }
    Occ occ = Occ.create(jdbi);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(plan.writers().size());
    try {
      List<Future<List<Result>>> writers = new ArrayList<>();
      for (int w = 0; w < plan.writers().size(); w++) {
        int writer = w;
        writers.add(
            pool.submit(
                () -> {
                  start.await();
                  List<Result> results = new ArrayList<>();
                  List<Step> steps = plan.writers().get(writer);
                  for (int i = 0; i < steps.size(); i++) {
                    results.addAll(
                        step(occ, plan, base, writer % 2, steps.get(i), "w" + writer + "-" + i));
                  }
                  return results;
                }));
      }
      start.countDown();
      List<Result> results = new ArrayList<>();
      for (Future<List<Result>> w : writers) {
        results.addAll(w.get(60, TimeUnit.SECONDS));
      }
      check(plan, base, results);
    } catch (Exception e) {
      throw new AssertionError("run failed: " + plan, e);
    } finally {
      pool.shutdownNow();
    }
  }

  private long expected(Plan plan, long base, int row, int staleness) {
    long read =
        TicketsTable.row(jdbi(), base + row)
            .map(Row::version)
            .orElse(plan.initialVersions().get(row));
    return Math.max(0, read - staleness);
  }

  /** Runs one step for the tenant and reports its outcome for each row it named. */
  private List<Result> step(Occ occ, Plan plan, long base, int tenant, Step s, String label) {
    String shop = SHOPS.get(tenant);
    long id = base + s.row();
    long expected = expected(plan, base, s.row(), s.staleness());
    try {
      return switch (s.op()) {
        case UPDATE, UPDATE_FETCHING_CURRENT -> {
          UpdateRequest update = occ.update(TICKETS).inScope(shop).set("name", label).whereId(id);
          if (s.op() == Op.UPDATE_FETCHING_CURRENT) {
            update.fetchCurrentOnConflict();
          }
          RowVersion v = update.expectVersion(expected).execute();
          yield List.of(result(s, tenant, Kind.ACKED, expected, v.version(), label));
        }
        case DELETE -> {
          occ.delete(TICKETS).inScope(shop).whereId(id).expectVersion(expected).execute();
          yield List.of(result(s, tenant, Kind.ACKED, expected, -1, ""));
        }
        case MODIFY -> {
          RowVersion v =
              occ.modify(TICKETS, id)
                  .inScope(shop)
                  .apply(
                      row -> {
                        assertThat(row.get("shop_id"))
                            .as("a row handed to the change")
                            .isEqualTo(shop);
                        long counter = ((Number) row.get("counter")).longValue();
                        return Map.of("name", label, "counter", counter + 1);
                      });
          yield List.of(result(s, tenant, Kind.ACKED, v.version() - 1, v.version(), label));
        }
        case BATCH -> {
          long second = expected(plan, base, s.secondRow(), s.staleness());
          List<BatchOutcome> outcomes =
              occ.batchUpdate(TICKETS)
                  .inScope(shop)
                  .add(id, expected, Map.of("name", label))
                  .add(base + s.secondRow(), second, Map.of("name", label + "b"))
                  .execute();
          yield List.of(
              batchResult(s.row(), tenant, outcomes.get(0), label),
              batchResult(s.secondRow(), tenant, outcomes.get(1), label + "b"));
        }
      };
    } catch (VersionConflictException e) {
      if (e.currentRow() != null) {
        assertThat(e.currentRow()).containsEntry("shop_id", shop);
      }
      return List.of(result(s, tenant, Kind.CONFLICT, e.expectedVersion(), e.actualVersion(), ""));
    } catch (RowNotFoundException e) {
      // Word for word what an id nobody has gets: no version, no owner.
      assertThat(e.getMessage()).isEqualTo(new RowNotFoundException("tickets", id).getMessage());
      return List.of(result(s, tenant, Kind.NOT_FOUND, expected, -1, ""));
    } catch (TransientFailureException e) {
      Result first = result(s, tenant, Kind.TRANSIENT, expected, -1, "");
      return s.op() != Op.BATCH
          ? List.of(first)
          : List.of(
              first, new Result(s.secondRow(), tenant, Op.BATCH, Kind.TRANSIENT, expected, -1, ""));
    }
  }

  private static Result result(
      Step s, int tenant, Kind kind, long expected, long version, String name) {
    return new Result(s.row(), tenant, s.op(), kind, expected, version, name);
  }

  private static Result batchResult(int row, int tenant, BatchOutcome o, String name) {
    return switch (o.status()) {
      case UPDATED ->
          new Result(row, tenant, Op.BATCH, Kind.ACKED, o.expectedVersion(), o.version(), name);
      case CONFLICT ->
          new Result(row, tenant, Op.BATCH, Kind.CONFLICT, o.expectedVersion(), o.version(), "");
      case NOT_FOUND -> {
        assertThat(o.version()).as("version of a row not found").isEqualTo(-1);
        assertThat(o.updatedAt()).as("updated-at of a row not found").isNull();
        yield new Result(row, tenant, Op.BATCH, Kind.NOT_FOUND, o.expectedVersion(), -1, "");
      }
    };
  }

  private void check(Plan plan, long base, List<Result> results) {
    if (!mayFailTransiently()) {
      assertThat(results).noneMatch(r -> r.kind() == Kind.TRANSIENT);
    }
    for (int row = 0; row < plan.rows(); row++) {
      int r = row;
      int owner = plan.owners().get(row);
      long initial = plan.initialVersions().get(row);
      List<Result> ofRow = results.stream().filter(u -> u.row() == r).toList();
      // Invariant 8: every request of the other tenant on this row was not found.
      assertThat(ofRow)
          .as("the other tenant's requests on row %d", row)
          .filteredOn(u -> u.tenant() != owner)
          .allMatch(u -> u.kind() == Kind.NOT_FOUND || u.kind() == Kind.TRANSIENT);
      List<Result> own = ofRow.stream().filter(u -> u.tenant() == owner).toList();
      List<Result> writes =
          own.stream().filter(u -> u.kind() == Kind.ACKED && u.op() != Op.DELETE).toList();
      List<Result> deletes =
          own.stream().filter(u -> u.kind() == Kind.ACKED && u.op() == Op.DELETE).toList();
      // Invariant 1 within the owner: one chain from the initial version, no fork, no gap.
      assertThat(writes).allSatisfy(w -> assertThat(w.version()).isEqualTo(w.expected() + 1));
      assertThat(writes.stream().map(Result::version).sorted().toList())
          .containsExactlyElementsOf(
              LongStream.rangeClosed(initial + 1, initial + writes.size()).boxed().toList());
      long last = initial + writes.size();
      Optional<Row> now = TicketsTable.row(jdbi(), base + row);
      assertThat(deletes).hasSizeLessThanOrEqualTo(1);
      if (deletes.isEmpty()) {
        assertThat(now).as("row %d", row).isPresent();
        Row stored = now.orElseThrow();
        assertThat(stored.shop()).isEqualTo(SHOPS.get(owner));
        assertThat(stored.version()).isEqualTo(last);
        // The row holds what its owner's last acknowledged write put there, and every modify
        // counted: nothing of the other tenant got in, nothing of the owner's was lost.
        assertThat(stored.name())
            .isEqualTo(
                writes.stream()
                    .filter(w -> w.version() == last)
                    .map(Result::name)
                    .findFirst()
                    .orElse("initial"));
        assertThat(stored.counter())
            .isEqualTo(writes.stream().filter(w -> w.op() == Op.MODIFY).count());
        // Invariant 3: a row of one's own that exists is never reported not found.
        assertThat(own).noneMatch(u -> u.kind() == Kind.NOT_FOUND);
      } else {
        assertThat(now).as("deleted row %d", row).isEmpty();
        assertThat(deletes.get(0).expected())
            .as("version row %d was deleted at", row)
            .isEqualTo(last);
      }
      // Invariant 2 within the owner: a conflict reports a version the row had, not the expected.
      assertThat(own)
          .filteredOn(u -> u.kind() == Kind.CONFLICT)
          .allSatisfy(
              c -> {
                assertThat(c.version()).isNotEqualTo(c.expected());
                assertThat(c.version()).isBetween(initial, last);
              });
    }
  }
}
