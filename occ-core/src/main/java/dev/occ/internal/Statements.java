package dev.occ.internal;

import dev.occ.BatchOutcome;
import dev.occ.RowNotFoundException;
import dev.occ.RowVersion;
import dev.occ.VersionConflictException;
import dev.occ.VersionedTable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jspecify.annotations.Nullable;

/**
 * Runs occ's versioned statements on a handle the caller already holds, inside whatever
 * transaction that handle is in. Retry and metrics live one level up.
 */
public final class Statements {
  /**
   * How often a write that changed nothing is tried again when the fresh read finds the expected
   * version: this happens only if the row is readable but not writable (row-level security) or
   * was deleted and re-inserted in between.
   */
  private static final int MAX_SAME_VERSION_REREADS = 3;

  /** Ids per {@code IN (…)} list when a batch reads its rows back. */
  private static final int IN_LIST_CHUNK = 500;

  private final Map<SqlKey, String> sqlCache = new ConcurrentHashMap<>();
  private volatile @Nullable SqlDialect dialect;

  /** Creates statements whose dialect is detected from the first connection, unless given. */
  public Statements(@Nullable SqlDialect dialect) {
    this.dialect = dialect;
  }

  /**
   * Updates one row if it still has the expected version.
   *
   * @throws VersionConflictException if the row has another version
   * @throws RowNotFoundException if no such row exists
   */
  public RowVersion update(
      Handle h,
      VersionedTable t,
      Object id,
      long expectedVersion,
      List<String> columns,
      List<@Nullable Object> values,
      boolean currentRowOnConflict) {
    SqlDialect d = dialect(h);
    for (int i = 0; ; i++) {
      Optional<RowVersion> written;
      if (d.returnsInOneStatement()) {
        String sql = sql(d, t, "updateReturning", columns);
        written =
            bindAll(h.createQuery(sql), values, id, expectedVersion)
                .map((rs, ctx) -> new RowVersion(id, rs.getLong(1), instant(rs, 2, t)))
                .findOne();
      } else {
        int rows = bindAll(h.createUpdate(sql(d, t, "update", columns)), values, id, expectedVersion)
            .execute();
        written = rows == 1 ? readVersion(h, d, t, id) : Optional.empty();
      }
      if (written.isPresent()) {
        return written.get();
      }
      explainNoRow(h, d, t, id, expectedVersion, currentRowOnConflict, i);
    }
  }

  /**
   * Deletes one row if it still has the expected version.
   *
   * @throws VersionConflictException if the row has another version
   * @throws RowNotFoundException if no such row exists
   */
  public void delete(
      Handle h, VersionedTable t, Object id, long expectedVersion, boolean currentRowOnConflict) {
    SqlDialect d = dialect(h);
    for (int i = 0; ; i++) {
      int rows =
          h.createUpdate(sql(d, t, "delete", List.of()))
              .bind(0, id)
              .bind(1, expectedVersion)
              .execute();
      if (rows == 1) {
        return;
      }
      explainNoRow(h, d, t, id, expectedVersion, currentRowOnConflict, i);
    }
  }

  /** Inserts one row with the table's initial version and returns its id, version and updated-at. */
  public RowVersion insert(
      Handle h, VersionedTable t, List<String> columns, List<@Nullable Object> values) {
    SqlDialect d = dialect(h);
    if (d.returnsInOneStatement()) {
      return bindValues(h.createQuery(sql(d, t, "insertReturning", columns)), values)
          .bind(values.size(), t.initialVersion())
          .map((rs, ctx) -> new RowVersion(rs.getObject(1), rs.getLong(2), instant(rs, 3, t)))
          .one();
    }
    Object id =
        bindValues(h.createUpdate(sql(d, t, "insert", columns)), values)
            .bind(values.size(), t.initialVersion())
            .executeAndReturnGeneratedKeys(t.idColumn())
            .map((rs, ctx) -> rs.getObject(1))
            .one();
    return readVersion(h, d, t, id).orElseThrow(() -> new RowNotFoundException(t.name(), id));
  }

  /** Updates many rows in one JDBC batch per column set and reports each row's own outcome. */
  public List<BatchOutcome> updateBatch(Handle h, VersionedTable t, List<BatchRow> rows) {
    SqlDialect d = dialect(h);
    Map<List<String>, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      groups.computeIfAbsent(rows.get(i).columns(), k -> new ArrayList<>()).add(i);
    }
    int[] counts = new int[rows.size()];
    for (Map.Entry<List<String>, List<Integer>> group : groups.entrySet()) {
      PreparedBatch batch = h.prepareBatch(sql(d, t, "update", group.getKey()));
      for (int index : group.getValue()) {
        BatchRow row = rows.get(index);
        bindAll(batch, row.values(), row.id(), row.expectedVersion());
        batch.add();
      }
      int[] groupCounts = batch.execute();
      for (int k = 0; k < groupCounts.length; k++) {
        counts[group.getValue().get(k)] = groupCounts[k];
      }
    }
    Map<String, Object[]> current = readVersions(h, d, t, rows);
    List<BatchOutcome> outcomes = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      BatchRow row = rows.get(i);
      BatchOutcome outcome = outcome(row, counts[i], current.get(key(row.id())));
      if (outcome.status() == BatchOutcome.Status.CONFLICT && outcome.version() == row.expectedVersion()) {
        // The read-back found the expected version after the write matched nothing (a concurrent
        // delete and re-insert): settle this row the way a single update does.
        outcome = retryAlone(h, t, row);
      }
      outcomes.add(outcome);
    }
    return outcomes;
  }

  private BatchOutcome retryAlone(Handle h, VersionedTable t, BatchRow row) {
    try {
      RowVersion v = update(h, t, row.id(), row.expectedVersion(), row.columns(), row.values(), false);
      return new BatchOutcome(row.id(), BatchOutcome.Status.UPDATED, row.expectedVersion(), v.version(), v.updatedAt());
    } catch (VersionConflictException e) {
      return new BatchOutcome(row.id(), BatchOutcome.Status.CONFLICT, row.expectedVersion(), e.actualVersion(), null);
    } catch (RowNotFoundException e) {
      return new BatchOutcome(row.id(), BatchOutcome.Status.NOT_FOUND, row.expectedVersion(), -1, null);
    }
  }

  /** Reads a whole row as a map of lower-case column names, if it exists. */
  public Optional<Map<String, @Nullable Object>> readRow(Handle h, VersionedTable t, Object id) {
    SqlDialect d = dialect(h);
    return h.createQuery(sql(d, t, "selectRow", List.of())).bind(0, id).mapToMap().findOne()
        .map(Statements::nullable);
  }

  private static BatchOutcome outcome(BatchRow row, int count, Object @Nullable [] current) {
    if (current == null) {
      return new BatchOutcome(row.id(), BatchOutcome.Status.NOT_FOUND, row.expectedVersion(), -1, null);
    }
    long version = (Long) current[0];
    Instant updatedAt = (Instant) current[1];
    // A driver may answer SUCCESS_NO_INFO; the row is locked by this transaction, so its version
    // tells whether this batch moved it.
    boolean updated =
        count > 0 || (count == java.sql.Statement.SUCCESS_NO_INFO && version == row.expectedVersion() + 1);
    if (updated) {
      return new BatchOutcome(
          row.id(), BatchOutcome.Status.UPDATED, row.expectedVersion(), row.expectedVersion() + 1, updatedAt);
    }
    return new BatchOutcome(row.id(), BatchOutcome.Status.CONFLICT, row.expectedVersion(), version, updatedAt);
  }

  private Map<String, Object[]> readVersions(Handle h, SqlDialect d, VersionedTable t, List<BatchRow> rows) {
    Map<String, Object[]> found = new HashMap<>();
    Map<String, Object> distinct = new LinkedHashMap<>();
    rows.forEach(r -> distinct.putIfAbsent(key(r.id()), r.id()));
    List<Object> ids = new ArrayList<>(distinct.values());
    for (int from = 0; from < ids.size(); from += IN_LIST_CHUNK) {
      List<Object> chunk = ids.subList(from, Math.min(ids.size(), from + IN_LIST_CHUNK));
      var q = h.createQuery(d.selectVersions(t, chunk.size()));
      for (int i = 0; i < chunk.size(); i++) {
        q.bind(i, chunk.get(i));
      }
      q.map((rs, ctx) -> {
            found.put(key(rs.getObject(1)), new Object[] {rs.getLong(2), instant(rs, 3, t)});
            return Boolean.TRUE;
          })
          .list();
    }
    return found;
  }

  private void explainNoRow(
      Handle h, SqlDialect d, VersionedTable t, Object id, long expected, boolean wantRow, int round) {
    long actual;
    Map<String, @Nullable Object> row = null;
    if (wantRow) {
      row = readRow(h, t, id).orElseThrow(() -> new RowNotFoundException(t.name(), id));
      Object v = row.get(Identifiers.key(t.versionColumn()));
      actual = ((Number) java.util.Objects.requireNonNull(v, "version column is null")).longValue();
    } else {
      actual =
          readVersion(h, d, t, id)
              .orElseThrow(() -> new RowNotFoundException(t.name(), id))
              .version();
    }
    if (actual != expected) {
      throw new VersionConflictException(t.name(), id, expected, actual, row);
    }
    if (round + 1 >= MAX_SAME_VERSION_REREADS) {
      // Readable with the expected version, yet the write matched nothing: not writable here.
      throw new RowNotFoundException(t.name(), id);
    }
  }

  private Optional<RowVersion> readVersion(Handle h, SqlDialect d, VersionedTable t, Object id) {
    return h.createQuery(sql(d, t, "selectVersion", List.of()))
        .bind(0, id)
        .map((rs, ctx) -> new RowVersion(id, rs.getLong(1), instant(rs, 2, t)))
        .findOne();
  }

  private static <S extends SqlStatement<S>> S bindAll(
      S statement, List<@Nullable Object> values, Object id, long expectedVersion) {
    bindValues(statement, values);
    statement.bind(values.size(), id);
    statement.bind(values.size() + 1, expectedVersion);
    return statement;
  }

  private static <S extends SqlStatement<S>> S bindValues(S statement, List<@Nullable Object> values) {
    for (int i = 0; i < values.size(); i++) {
      statement.bind(i, values.get(i));
    }
    return statement;
  }

  private static @Nullable Instant instant(ResultSet rs, int column, VersionedTable t)
      throws SQLException {
    if (t.updatedAtColumn() == null) {
      return null;
    }
    try {
      OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
      return value == null ? null : value.toInstant();
    } catch (SQLException notWithTimeZone) {
      java.sql.Timestamp ts = rs.getTimestamp(column);
      return ts == null ? null : ts.toInstant();
    }
  }

  private SqlDialect dialect(Handle h) {
    SqlDialect d = dialect;
    if (d == null) {
      try {
        d = SqlDialect.detect(h.getConnection());
      } catch (SQLException e) {
        throw new IllegalStateException("Cannot read the database product name", e);
      }
      dialect = d;
    }
    return d;
  }

  private String sql(SqlDialect d, VersionedTable t, String kind, List<String> columns) {
    return sqlCache.computeIfAbsent(
        new SqlKey(d, t, kind, columns),
        k ->
            switch (kind) {
              case "update" -> d.update(t, columns);
              case "updateReturning" -> d.updateReturning(t, columns);
              case "insert" -> d.insert(t, columns);
              case "insertReturning" -> d.insertReturning(t, columns);
              case "delete" -> d.delete(t);
              case "selectVersion" -> d.selectVersion(t);
              case "selectRow" -> d.selectRow(t);
              default -> throw new IllegalArgumentException(kind);
            });
  }

  private static String key(Object id) {
    return String.valueOf(id);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, @Nullable Object> nullable(Map<String, Object> row) {
    return (Map<String, @Nullable Object>) (Map<String, ?>) row;
  }

  private record SqlKey(SqlDialect dialect, VersionedTable table, String kind, List<String> columns) {}

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
