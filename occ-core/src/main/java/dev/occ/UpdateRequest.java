package dev.occ;

import static java.util.Objects.requireNonNull;

import dev.occ.internal.LinkedRow;
import dev.occ.internal.RowWriter;
import dev.occ.internal.RowWriter.UpdateCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jspecify.annotations.Nullable;

/**
 * A versioned update of one row: {@code set(…)}, {@code whereId}, {@code expectVersion}, then
 * execute.
 */
public final class UpdateRequest {
  private final Occ occ;
  private final VersionedTable table;
  private final Changes changes;
  private @Nullable Object id;
  private long expectedVersion = -1;
  private List<String> previous = List.of();
  private @Nullable RowMapper<?> currentMapper;
  private final List<LinkedInsert> linked = new ArrayList<>();
  private @Nullable Object scope;

  UpdateRequest(Occ occ, VersionedTable table) {
    this.occ = occ;
    this.table = table;
    this.changes = new Changes(table);
  }

  /**
   * Sets a column to a value (bound as a parameter).
   *
   * @throws IllegalArgumentException if the column name is not a plain identifier, is the id,
   *     version or updated-at column, or differs only in case from a column already set
   */
  public UpdateRequest set(String column, @Nullable Object value) {
    changes.put(column, value, false);
    return this;
  }

  /**
   * Sets several columns.
   *
   * @throws IllegalArgumentException as {@link #set}
   */
  public UpdateRequest set(Map<String, ?> values) {
    changes.putAll(values, false);
    return this;
  }

  /** Names the row to update. */
  public UpdateRequest whereId(Object id) {
    this.id = requireNonNull(id, "id");
    return this;
  }

  /**
   * Names the scope (tenant) the row must be in, required on a table with a scope column: a row of
   * another scope is not found (never a conflict), and its version is never read.
   *
   * @throws IllegalArgumentException if the table has no scope column, or the value is null
   */
  public UpdateRequest inScope(Object value) {
    this.scope = Scopes.given(table, value);
    return this;
  }

  /** Sets the version the caller read; the update happens only if the row still has it. */
  public UpdateRequest expectVersion(long version) {
    if (version < 0) {
      throw new IllegalArgumentException("expected version must be >= 0");
    }
    this.expectedVersion = version;
    return this;
  }

  /**
   * Asks for the values the named columns had before the update, in {@link RowVersion#previous()},
   * read in the same statement where the database allows (PostgreSQL, H2), else by a locking read
   * just before the write.
   *
   * @throws IllegalArgumentException if a name is not a plain identifier or is named twice
   */
  public UpdateRequest returningPrevious(String... columns) {
    this.previous = Changes.readColumns("previous column", columns);
    return this;
  }

  /**
   * Inserts a row together with this update, if and only if the update happens: in the same
   * transaction, and on PostgreSQL in the same statement. See {@link LinkedInsert}.
   */
  public UpdateRequest alsoInsert(LinkedInsert row) {
    linked.add(requireNonNull(row, "row"));
    return this;
  }

  /**
   * Asks for the current row in a {@link VersionConflictException}, as a map of lower-case column
   * names ({@link VersionConflictException#currentRow()}), at no cost on success.
   */
  public UpdateRequest fetchCurrentOnConflict() {
    return fetchCurrentOnConflict(RowWriter.lowerCaseMap());
  }

  /**
   * Asks for the current row in a {@link VersionConflictException}, mapped by the caller's mapper
   * ({@link VersionConflictException#current(Class)}), at no cost on success.
   */
  public UpdateRequest fetchCurrentOnConflict(RowMapper<?> mapper) {
    this.currentMapper = requireNonNull(mapper, "mapper");
    return this;
  }

  /**
   * Runs the update in the caller's transaction if one is active, else in a transaction of its own
   * that is committed before this returns, retrying transient errors.
   *
   * @return the row's id, new version, updated-at and any previous values asked for
   * @throws VersionConflictException if the row has another version
   * @throws RowNotFoundException if the row does not exist (in the scope)
   * @throws IllegalStateException if the request is incomplete, e.g. has no scope on a scoped table
   * @throws TransientFailureException if transient errors outlast the retry policy, or one happens
   *     in the caller's transaction
   */
  public RowVersion execute() {
    UpdateCommand command = command();
    return occ.run(table, Operation.UPDATE, h -> occ.rows().update(h, command));
  }

  /**
   * Runs the update on the caller's handle: in its transaction, once, if it is in one; else in a
   * transaction of its own on that handle, committed before this returns.
   *
   * @return the row's id, new version, updated-at and any previous values asked for
   * @throws VersionConflictException if the row has another version
   * @throws RowNotFoundException if the row does not exist (in the scope)
   * @throws IllegalStateException if the request is incomplete, e.g. has no scope on a scoped table
   * @throws TransientFailureException on a transient error in the caller's transaction: re-run it
   */
  public RowVersion execute(Handle handle) {
    UpdateCommand command = command();
    return occ.onHandle(table, Operation.UPDATE, handle, h -> occ.rows().update(h, command));
  }

  private UpdateCommand command() {
    Object inScope = Scopes.required(table, scope);
    if (id == null) {
      throw new IllegalStateException("whereId(…) is required");
    }
    if (expectedVersion < 0) {
      throw new IllegalStateException("expectVersion(…) is required");
    }
    if (changes.isEmpty()) {
      throw new IllegalStateException("set(…) at least one column");
    }
    List<LinkedRow> rows = new ArrayList<>(linked.size());
    for (LinkedInsert insert : linked) {
      LinkedRow row = insert.toRow();
      for (LinkedRow.Source source : row.sources()) {
        if (source.kind() == LinkedRow.Kind.PREVIOUS && !previous.contains(source.column())) {
          throw new IllegalStateException(
              "the linked insert into "
                  + row.table()
                  + " uses the previous "
                  + source.column()
                  + ": ask for it with returningPrevious(\""
                  + source.column()
                  + "\")");
        }
        if (source.kind() == LinkedRow.Kind.UPDATED_AT && table.updatedAtColumn() == null) {
          throw new IllegalStateException(
              "the linked insert into "
                  + row.table()
                  + " uses updatedAt, but "
                  + table
                  + " has none");
        }
      }
      rows.add(row);
    }
    return new UpdateCommand(
        table,
        id,
        expectedVersion,
        changes.columns(),
        changes.values(),
        previous,
        List.copyOf(rows),
        currentMapper,
        inScope);
  }
}
