package dev.occ.internal;

import static dev.occ.internal.SqlDialect.EXPECTED;
import static dev.occ.internal.SqlDialect.ID;
import static dev.occ.internal.SqlDialect.INITIAL;
import static java.util.Objects.requireNonNull;

import dev.occ.RowNotFoundException;
import dev.occ.RowVersion;
import dev.occ.VersionConflictException;
import dev.occ.VersionedTable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jspecify.annotations.Nullable;

/**
 * Runs occ's single-row statements on a handle the caller holds, inside whatever transaction that
 * handle is in; retry, transactions and metrics live one level up. A write that matched nothing is
 * explained by a fresh read: no row is {@link RowNotFoundException}, another version is {@link
 * VersionConflictException}. On a scoped table the write and every read match the scope too, so a
 * row of another scope is not found and its version is never read.
 */
public final class RowWriter {
  /**
   * How often a write that changed nothing is tried again when the fresh read finds the expected
   * version: this happens only if the row is readable but not writable (row-level security) or was
   * deleted and re-inserted in between.
   */
  private static final int MAX_SAME_VERSION_REREADS = 3;

  private final DialectRef dialect;

  /** Creates a writer on the instance's dialect. */
  public RowWriter(DialectRef dialect) {
    this.dialect = dialect;
  }

  /**
   * Updates one row if it still has the expected version.
   *
   * @throws VersionConflictException if the row has another version
   * @throws RowNotFoundException if no such row exists
   */
  public RowVersion update(Handle h, UpdateCommand u) {
    SqlDialect d = dialect.get(h);
    for (int round = 0; ; round++) {
      RowVersion written = write(h, d, u);
      if (written != null) {
        return written;
      }
      explainNoRow(
          h, d, u.table(), u.id(), u.scope(), u.expectedVersion(), u.currentMapper(), round);
    }
  }

  private @Nullable RowVersion write(Handle h, SqlDialect d, UpdateCommand u) {
    RowVersion written = writeRow(h, d, u);
    if (written != null && !u.linked().isEmpty() && !d.inlinesLinkedRows()) {
      for (int i = 0; i < u.linked().size(); i++) {
        insertLinked(h, d, u, i, written);
      }
    }
    return written;
  }

  /** Inserts a linked row on its own, after the update it belongs to succeeded. */
  private static void insertLinked(
      Handle h, SqlDialect d, UpdateCommand u, int index, RowVersion written) {
    LinkedRow row = u.linked().get(index);
    var insert = h.createUpdate(d.linkedInsert(row, index));
    for (int j = 0; j < row.sources().size(); j++) {
      LinkedRow.Source s = row.sources().get(j);
      Object value =
          switch (s.kind()) {
            case VALUE -> s.value();
            case ID -> u.id();
            case EXPECTED_VERSION -> u.expectedVersion();
            case NEW_VERSION -> written.version();
            case UPDATED_AT -> {
              Instant at = written.updatedAt();
              yield at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
            }
            case PREVIOUS -> written.previous(requireNonNull(s.column()));
          };
      insert.bind(SqlDialect.linked(index, j), value);
    }
    insert.execute();
  }

  private @Nullable RowVersion writeRow(Handle h, SqlDialect d, UpdateCommand u) {
    VersionedTable t = u.table();
    String returning = d.updateReturningLinked(t, u.columns(), u.previous(), u.linked());
    if (returning != null) {
      int previousAt = t.updatedAtColumn() == null ? 2 : 3;
      int transactionIdAt = d.returnsTransactionId() ? previousAt + u.previous().size() : 0;
      DirectStatement.RowReader<RowVersion> written =
          rs -> {
            noteTransactionId(rs, transactionIdAt);
            return new RowVersion(
                u.id(),
                rs.getLong(1),
                updatedAt(rs, 2, t),
                Rows.columns(rs, previousAt, u.previous()));
          };
      boolean linkedInline = d.inlinesLinkedRows();
      if (plainValues(u, linkedInline) && DirectPath.allows(h)) {
        Rows.checkScope(t, u.scope());
        return DirectStatement.queryOne(h, returning, bind -> value(u, bind), written);
      }
      var query = Rows.bindValues(h.createQuery(returning), u.values());
      if (linkedInline) {
        bindLinkedValues(query, u.linked());
      }
      return Rows.bindScope(query, t, u.scope())
          .bind(ID, u.id())
          .bind(EXPECTED, u.expectedVersion())
          .map((rs, ctx) -> written.read(rs))
          .findOne()
          .orElse(null);
    }
    Map<String, @Nullable Object> previous = Map.of();
    if (!u.previous().isEmpty()) {
      // Lock the row at the expected version and read what the write is about to replace.
      Optional<Map<String, @Nullable Object>> locked =
          Rows.bindScope(h.createQuery(d.lockPrevious(t, u.previous())), t, u.scope())
              .bind(ID, u.id())
              .bind(EXPECTED, u.expectedVersion())
              .map((rs, ctx) -> Rows.columns(rs, 1, u.previous()))
              .findOne();
      if (locked.isEmpty()) {
        return null;
      }
      previous = locked.get();
    }
    int rows =
        Rows.bindScope(
                Rows.bindValues(h.createUpdate(d.update(t, u.columns())), u.values()), t, u.scope())
            .bind(ID, u.id())
            .bind(EXPECTED, u.expectedVersion())
            .execute();
    if (rows != 1) {
      return null;
    }
    // The new version is known; only the database clock's value has to be read, from a row this
    // transaction now holds locked, so no later writer can have changed it.
    return new RowVersion(
        u.id(), u.expectedVersion() + 1, readUpdatedAt(h, d, t, u.id(), u.scope()), previous);
  }

  /**
   * Returns whether every value the update's statement binds is one the direct path binds exactly
   * as Jdbi would ({@link DirectPath#plain}).
   */
  private static boolean plainValues(UpdateCommand u, boolean linkedInline) {
    if (!DirectPath.plain(u.id()) || (u.scope() != null && !DirectPath.plain(u.scope()))) {
      return false;
    }
    for (int i = 0; i < u.values().size(); i++) {
      if (!DirectPath.plain(u.values().get(i))) {
        return false;
      }
    }
    if (linkedInline) {
      for (LinkedRow row : u.linked()) {
        for (LinkedRow.Source s : row.sources()) {
          if (s.kind() == LinkedRow.Kind.VALUE && !DirectPath.plain(s.value())) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /** The value the update's statement binds to a placeholder, by the dialect's bind name. */
  private static Object value(UpdateCommand u, PositionalSql.Bind bind) {
    return requireNonNull(
        switch (bind.kind()) {
          case ID -> u.id();
          case EXPECTED -> u.expectedVersion();
          case SCOPE -> u.scope();
          case VALUE -> u.values().get(bind.index());
          case LINKED -> u.linked().get(bind.index()).sources().get(bind.column()).value();
        });
  }

  /**
   * Deletes one row if it still has the expected version.
   *
   * @param scope the scope the row must be in; null exactly when the table has no scope column
   * @throws VersionConflictException if the row has another version
   * @throws RowNotFoundException if no such row exists (in the scope)
   */
  public void delete(
      Handle h,
      VersionedTable t,
      Object id,
      @Nullable Object scope,
      long expectedVersion,
      @Nullable RowMapper<?> currentMapper) {
    SqlDialect d = dialect.get(h);
    for (int round = 0; ; round++) {
      int rows =
          Rows.bindScope(h.createUpdate(d.delete(t)), t, scope)
              .bind(ID, id)
              .bind(EXPECTED, expectedVersion)
              .execute();
      if (rows == 1) {
        return;
      }
      explainNoRow(h, d, t, id, scope, expectedVersion, currentMapper, round);
    }
  }

  /**
   * Inserts one row with the table's initial version and returns its id, version and updated-at.
   *
   * @param columns the columns to set; on a scoped table the scope column among them
   * @param suppliedId the id the caller set, or null if the database generates it
   * @param scope the scope the row is written into, which the scope column must hold; null exactly
   *     when the table has no scope column
   */
  public RowVersion insert(
      Handle h,
      VersionedTable t,
      List<String> columns,
      List<@Nullable Object> values,
      @Nullable Object suppliedId,
      @Nullable Object scope) {
    SqlDialect d = dialect.get(h);
    String scopeColumn = t.scopeColumn();
    if (scopeColumn != null) {
      int at = indexOf(columns, scopeColumn);
      if (at < 0 || scope == null || !scope.equals(values.get(at))) {
        throw new IllegalStateException(
            "an insert into " + t + " must give " + scopeColumn + " the value of its scope");
      }
    }
    String returning = d.insertReturning(t, columns);
    if (returning != null) {
      int transactionIdAt = !d.returnsTransactionId() ? 0 : t.updatedAtColumn() == null ? 3 : 4;
      return Rows.bindValues(h.createQuery(returning), values)
          .bind(INITIAL, t.initialVersion())
          .map(
              (rs, ctx) -> {
                noteTransactionId(rs, transactionIdAt);
                return new RowVersion(
                    rs.getObject(1), rs.getLong(2), updatedAt(rs, 3, t), Map.of());
              })
          .one();
    }
    var insert =
        Rows.bindValues(h.createUpdate(d.insert(t, columns)), values)
            .bind(INITIAL, t.initialVersion());
    Object id;
    if (suppliedId != null) {
      insert.execute();
      id = suppliedId;
    } else {
      id =
          insert
              .executeAndReturnGeneratedKeys(t.idColumn())
              .map((rs, ctx) -> rs.getObject(1))
              .one();
    }
    return new RowVersion(id, t.initialVersion(), readUpdatedAt(h, d, t, id, scope), Map.of());
  }

  /**
   * Reads a whole row (lower-case column names) if it exists in the scope, locking it where the
   * dialect must.
   *
   * @param scope the scope the row must be in; null exactly when the table has no scope column
   */
  public Optional<Map<String, @Nullable Object>> readRow(
      Handle h, VersionedTable t, Object id, @Nullable Object scope) {
    return Rows.bindScope(h.createQuery(dialect.get(h).selectRow(t)), t, scope)
        .bind(ID, id)
        .map(Rows.LOWER_CASE_MAP)
        .findOne();
  }

  private static @Nullable Instant readUpdatedAt(
      Handle h, SqlDialect d, VersionedTable t, Object id, @Nullable Object scope) {
    if (t.updatedAtColumn() == null) {
      return null;
    }
    return Rows.bindScope(h.createQuery(d.selectUpdatedAt(t)), t, scope)
        .bind(ID, id)
        .map((rs, ctx) -> Rows.instant(rs, 1))
        .one();
  }

  private static int indexOf(List<String> columns, String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).equalsIgnoreCase(column)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Tells why a write matched nothing, from a fresh read that matches the scope too: a row of
   * another scope is not found, and its version is never read.
   */
  private static void explainNoRow(
      Handle h,
      SqlDialect d,
      VersionedTable t,
      Object id,
      @Nullable Object scope,
      long expected,
      @Nullable RowMapper<?> currentMapper,
      int round) {
    Current current =
        Rows.bindScope(
                h.createQuery(currentMapper == null ? d.selectVersion(t) : d.selectRow(t)),
                t,
                scope)
            .bind(ID, id)
            .map(
                (rs, ctx) ->
                    currentMapper == null
                        ? new Current(rs.getLong(1), null)
                        : new Current(
                            rs.getLong(rs.findColumn(t.versionColumn())),
                            currentMapper.map(rs, ctx)))
            .findOne()
            .orElseThrow(() -> new RowNotFoundException(t.name(), id));
    if (current.version() != expected) {
      throw new VersionConflictException(t.name(), id, expected, current.version(), current.row());
    }
    if (round + 1 >= MAX_SAME_VERSION_REREADS) {
      // Readable with the expected version, yet the write matched nothing: not writable here.
      throw new RowNotFoundException(t.name(), id);
    }
  }

  /** Binds the caller's values of linked rows that the update's own statement inserts. */
  private static void bindLinkedValues(
      org.jdbi.v3.core.statement.Query query, List<LinkedRow> linked) {
    for (int i = 0; i < linked.size(); i++) {
      List<LinkedRow.Source> sources = linked.get(i).sources();
      for (int j = 0; j < sources.size(); j++) {
        if (sources.get(j).kind() == LinkedRow.Kind.VALUE) {
          query.bind(SqlDialect.linked(i, j), sources.get(j).value());
        }
      }
    }
  }

  /** Hands the write's transaction id, if the statement returned it, to the retry boundary. */
  private static void noteTransactionId(ResultSet rs, int column) throws SQLException {
    if (column > 0) {
      Transactions.transactionId(rs.getLong(column));
    }
  }

  private static @Nullable Instant updatedAt(ResultSet rs, int column, VersionedTable t)
      throws SQLException {
    return t.updatedAtColumn() == null ? null : Rows.instant(rs, column);
  }

  private record Current(long version, @Nullable Object row) {}

  /**
   * One versioned update.
   *
   * @param table the table
   * @param id the row's id
   * @param expectedVersion the version the caller read
   * @param columns the columns to set
   * @param values their values, in the same order
   * @param previous columns whose values before the update are handed back
   * @param linked rows to insert if and only if the update happens
   * @param currentMapper maps the current row into a conflict, or null to report versions only
   * @param scope the scope the row must be in; null exactly when the table has no scope column
   */
  public record UpdateCommand(
      VersionedTable table,
      Object id,
      long expectedVersion,
      List<String> columns,
      List<@Nullable Object> values,
      List<String> previous,
      List<LinkedRow> linked,
      @Nullable RowMapper<?> currentMapper,
      @Nullable Object scope) {}

  /** Returns occ's own mapper of a whole row into a map with lower-case column names. */
  public static RowMapper<Map<String, @Nullable Object>> lowerCaseMap() {
    return Rows.LOWER_CASE_MAP;
  }
}
