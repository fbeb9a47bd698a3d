package dev.occ.internal;

import static dev.occ.internal.SqlDialect.EXPECTED;
import static dev.occ.internal.SqlDialect.ID;

import dev.occ.BatchOutcome;
import dev.occ.BatchOutcome.Status;
import dev.occ.VersionedTable;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jspecify.annotations.Nullable;

/**
 * Versioned updates of many rows, each with its own outcome, decided by the database rather than
 * guessed from update counts. First one locking read finds, for every row of the batch, the stored
 * row it names — by the database's own comparison of ids, so collations, padded {@code CHAR(n)} and
 * binary ids match as the database matches them — and its current version. With the rows locked,
 * each row's outcome is known before anything is written: rows of the batch apply in the order
 * added, so the same row twice at the same expected version updates once and then conflicts. Then
 * the updates are sent as JDBC batches, and a driver's {@code SUCCESS_NO_INFO} is no longer a
 * question: nobody else can have moved a row this transaction holds. On a scoped table the locking
 * read finds only rows of the scope, so a row of another scope is not found, and the updates match
 * the scope too.
 */
public final class BatchWriter {
  /** Ids per locking read; each read carries one match column per id. */
  private static final int CHUNK = 200;

  private final DialectRef dialect;

  /** Creates a writer on the instance's dialect. */
  public BatchWriter(DialectRef dialect) {
    this.dialect = dialect;
  }

  /**
   * Updates the rows that still have their expected version and reports each row's outcome.
   *
   * @param scope the scope the rows must be in; null exactly when the table has no scope column
   */
  public List<BatchOutcome> update(
      Handle h, VersionedTable t, @Nullable Object scope, List<BatchRow> rows) {
    SqlDialect d = dialect.get(h);
    Located[] located = lock(h, d, t, scope, rows);
    Plan plan = plan(rows, located);
    for (List<Integer> round : plan.rounds()) {
      write(h, d, t, scope, rows, located, round);
    }
    Map<Object, @Nullable Instant> updatedAts =
        t.updatedAtColumn() == null || plan.rounds().isEmpty()
            ? Map.of()
            : readUpdatedAts(h, d, t, scope, plan.rounds().get(0), located);
    List<BatchOutcome> outcomes = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      BatchRow row = rows.get(i);
      Status status = plan.statuses()[i];
      Instant updatedAt =
          status == Status.UPDATED ? updatedAts.get(Rows.storedKey(located[i].storedId())) : null;
      outcomes.add(
          new BatchOutcome(row.id(), status, row.expectedVersion(), plan.versions()[i], updatedAt));
    }
    return outcomes;
  }

  /** Locks every named row and finds, per batch row, the stored id and version it matches. */
  private static Located[] lock(
      Handle h, SqlDialect d, VersionedTable t, @Nullable Object scope, List<BatchRow> rows) {
    Located[] located = new Located[rows.size()];
    for (int from = 0; from < rows.size(); from += CHUNK) {
      int base = from;
      int n = Math.min(CHUNK, rows.size() - from);
      Query q = Rows.bindScope(h.createQuery(d.lockBatch(t, n)), t, scope);
      for (int i = 0; i < n; i++) {
        q.bind(SqlDialect.key(i), rows.get(base + i).id());
      }
      q.map(
              (rs, ctx) -> {
                Located row = new Located(rs.getObject(1), rs.getLong(2));
                for (int i = 0; i < n; i++) {
                  if (rs.getBoolean(3 + i)) {
                    located[base + i] = row;
                  }
                }
                return row;
              })
          .list();
    }
    return located;
  }

  /**
   * Decides every row's outcome from the locked versions, applying the batch's rows in order, and
   * splits the updates into rounds: round k holds the k-th update of each stored row, so that a
   * row's updates run in the order they were added.
   */
  private static Plan plan(List<BatchRow> rows, Located[] located) {
    Status[] statuses = new Status[rows.size()];
    long[] versions = new long[rows.size()];
    Map<Object, Long> current = new HashMap<>();
    Map<Object, Integer> updates = new HashMap<>();
    List<List<Integer>> rounds = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Located at = located[i];
      if (at == null) {
        statuses[i] = Status.NOT_FOUND;
        versions[i] = -1;
        continue;
      }
      Object key = Rows.storedKey(at.storedId());
      long version = current.getOrDefault(key, at.version());
      if (version != rows.get(i).expectedVersion()) {
        statuses[i] = Status.CONFLICT;
        versions[i] = version;
        continue;
      }
      statuses[i] = Status.UPDATED;
      versions[i] = version + 1;
      current.put(key, version + 1);
      int round = updates.merge(key, 1, Integer::sum) - 1;
      if (round == rounds.size()) {
        rounds.add(new ArrayList<>());
      }
      rounds.get(round).add(i);
    }
    return new Plan(statuses, versions, rounds);
  }

  /** Sends one round's updates, one JDBC batch per set of columns, by the stored ids. */
  private static void write(
      Handle h,
      SqlDialect d,
      VersionedTable t,
      @Nullable Object scope,
      List<BatchRow> rows,
      Located[] located,
      List<Integer> round) {
    Map<List<String>, List<Integer>> groups = new LinkedHashMap<>();
    for (int index : round) {
      groups.computeIfAbsent(rows.get(index).columns(), k -> new ArrayList<>()).add(index);
    }
    for (Map.Entry<List<String>, List<Integer>> group : groups.entrySet()) {
      PreparedBatch batch = h.prepareBatch(d.update(t, group.getKey()));
      for (int index : group.getValue()) {
        BatchRow row = rows.get(index);
        Rows.bindScope(Rows.bindValues(batch, row.values()), t, scope)
            .bind(ID, located[index].storedId())
            .bind(EXPECTED, row.expectedVersion())
            .add();
      }
      for (int count : batch.execute()) {
        if (count != 1 && count != Statement.SUCCESS_NO_INFO) {
          throw new IllegalStateException(
              "A batch update of "
                  + t
                  + " matched "
                  + count
                  + " rows at a version this transaction"
                  + " had locked; is the id column unique?");
        }
      }
    }
  }

  /** Reads the updated-at of the updated rows (each appears in the first round). */
  private static Map<Object, @Nullable Instant> readUpdatedAts(
      Handle h,
      SqlDialect d,
      VersionedTable t,
      @Nullable Object scope,
      List<Integer> firstRound,
      Located[] located) {
    Map<Object, @Nullable Instant> found = new HashMap<>();
    for (int from = 0; from < firstRound.size(); from += CHUNK) {
      List<Integer> chunk = firstRound.subList(from, Math.min(firstRound.size(), from + CHUNK));
      Query q = Rows.bindScope(h.createQuery(d.selectUpdatedAts(t, chunk.size())), t, scope);
      for (int i = 0; i < chunk.size(); i++) {
        q.bind(SqlDialect.key(i), located[chunk.get(i)].storedId());
      }
      q.map(
              (rs, ctx) -> {
                found.put(Rows.storedKey(rs.getObject(1)), Rows.instant(rs, 2));
                return Boolean.TRUE;
              })
          .list();
    }
    return found;
  }

  private record Located(Object storedId, long version) {}

  private record Plan(Status[] statuses, long[] versions, List<List<Integer>> rounds) {}

  /**
   * One row of a batch update.
   *
   * @param id the row's id
   * @param expectedVersion the version the caller read
   * @param columns the columns to set
   * @param values their values, in the same order
   */
  public record BatchRow(
      Object id, long expectedVersion, List<String> columns, List<@Nullable Object> values) {}
}
