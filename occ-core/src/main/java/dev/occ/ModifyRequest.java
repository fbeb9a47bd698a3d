package dev.occ;

import static java.util.Objects.requireNonNull;

import dev.occ.internal.RowWriter.UpdateCommand;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An opt-in read-modify-write loop: read the row, compute changes from it, update at the version
 * just read; on a conflict, read again and recompute, a bounded number of times. Use it only for
 * changes that stay right when applied to a fresher row (counters, merges).
 */
public final class ModifyRequest {
  /** Read-modify-write rounds when none is given. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  private final Occ occ;
  private final VersionedTable table;
  private final Object id;
  private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
  private @Nullable Object scope;

  ModifyRequest(Occ occ, VersionedTable table, Object id) {
    this.occ = occ;
    this.table = table;
    this.id = requireNonNull(id, "id");
  }

  /**
   * Names the scope (tenant) the row must be in, required on a table with a scope column: a row of
   * another scope is not found, is never handed to the change, and its version is never read.
   *
   * @throws IllegalArgumentException if the table has no scope column, or the value is null
   */
  public ModifyRequest inScope(Object value) {
    this.scope = Scopes.given(table, value);
    return this;
  }

  /** Sets how many read-modify-write rounds to try before giving up with the last conflict. */
  public ModifyRequest maxAttempts(int attempts) {
    if (attempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1");
    }
    this.maxAttempts = attempts;
    return this;
  }

  /**
   * Applies the function to the current row (lower-case column names) and writes its changes.
   *
   * @param change computes the columns to set from the row as just read; called once per round
   * @return the row's id, new version and updated-at
   * @throws VersionConflictException if every round lost to a concurrent writer
   * @throws RowNotFoundException if the row does not exist (in the scope)
   * @throws IllegalStateException if the table is scoped and the request names no scope
   * @throws TransientFailureException if transient errors outlast the retry policy
   */
  public RowVersion apply(Function<Map<String, @Nullable Object>, Map<String, ?>> change) {
    Object inScope = Scopes.required(table, scope);
    return occ.observed(table, Operation.MODIFY, () -> loop(change, inScope));
  }

  private RowVersion loop(
      Function<Map<String, @Nullable Object>, Map<String, ?>> change, @Nullable Object inScope) {
    VersionConflictException last = null;
    for (int round = 0; round < maxAttempts; round++) {
      try {
        // Each round is its own transaction, so a conflict's re-read sees the winner's commit.
        // Retries and transient failures of a round belong to the table, not to "transaction".
        return occ.inTransaction(
            table,
            h -> {
              Map<String, @Nullable Object> row =
                  occ.rows()
                      .readRow(h, table, id, inScope)
                      .orElseThrow(() -> new RowNotFoundException(table.name(), id));
              Object version = row.get(table.versionColumn().toLowerCase(Locale.ROOT));
              long expected =
                  ((Number) requireNonNull(version, "version column is null")).longValue();
              Changes c = new Changes(table);
              c.putAll(change.apply(Collections.unmodifiableMap(row)), false);
              return occ.rows()
                  .update(
                      h,
                      new UpdateCommand(
                          table,
                          id,
                          expected,
                          c.columns(),
                          c.values(),
                          List.of(),
                          List.of(),
                          null,
                          inScope));
            });
      } catch (VersionConflictException e) {
        last = e;
      }
    }
    throw requireNonNull(last);
  }
}
