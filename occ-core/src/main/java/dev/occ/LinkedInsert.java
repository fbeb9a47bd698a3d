package dev.occ;

import dev.occ.internal.Identifiers;
import dev.occ.internal.LinkedRow;
import dev.occ.internal.LinkedRow.Kind;
import dev.occ.internal.LinkedRow.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A row an application inserts together with a versioned update — a history entry, an audit record,
 * an outbox message — that exists if and only if the update happened: same transaction, and on
 * PostgreSQL the same statement (a data-modifying CTE, one round trip for both). Its values may
 * come from the caller or from the written row: the id, the version moved from and to, the new
 * updated-at, and any column's value before the update.
 *
 * <pre>{@code
 * occ.update(APPOINTMENTS).set("status", "READY").whereId(id).expectVersion(41)
 *     .returningPrevious("status")
 *     .alsoInsert(LinkedInsert.into("appointment_moves")
 *         .id("appointment_id")
 *         .previous("from_status", "status")
 *         .value("to_status", "READY")
 *         .expectedVersion("from_version")
 *         .newVersion("to_version")
 *         .updatedAt("moved_at"))
 *     .execute();
 * }</pre>
 *
 * <p>occ's outcome rules hold unchanged: on a conflict or a missing row nothing is inserted and the
 * usual exception says why; if the insert fails (a constraint, say) the update fails with it.
 */
public final class LinkedInsert {
  private final String table;
  private final List<String> columns = new ArrayList<>();
  private final List<Source> sources = new ArrayList<>();

  private LinkedInsert(String table) {
    this.table = table;
  }

  /**
   * Starts a row for the table.
   *
   * @throws IllegalArgumentException if the name is not a plain identifier (optionally {@code
   *     schema.table})
   */
  public static LinkedInsert into(String table) {
    return new LinkedInsert(Identifiers.table(table));
  }

  /** Sets a column to a value of the caller's. */
  public LinkedInsert value(String column, @Nullable Object value) {
    return add(column, new Source(Kind.VALUE, value, null));
  }

  /** Sets a column to the updated row's id. */
  public LinkedInsert id(String column) {
    return add(column, new Source(Kind.ID, null, null));
  }

  /** Sets a column to the version the update expected: the one it moved from. */
  public LinkedInsert expectedVersion(String column) {
    return add(column, new Source(Kind.EXPECTED_VERSION, null, null));
  }

  /** Sets a column to the version the update wrote. */
  public LinkedInsert newVersion(String column) {
    return add(column, new Source(Kind.NEW_VERSION, null, null));
  }

  /** Sets a column to the updated-at value the update wrote (the table must have one). */
  public LinkedInsert updatedAt(String column) {
    return add(column, new Source(Kind.UPDATED_AT, null, null));
  }

  /**
   * Sets a column to the value an updated column had before the update; the update must ask for it
   * with {@link UpdateRequest#returningPrevious}.
   */
  public LinkedInsert previous(String column, String updatedColumn) {
    String from = Identifiers.column("previous column", updatedColumn);
    return add(column, new Source(Kind.PREVIOUS, null, from));
  }

  private LinkedInsert add(String column, Source source) {
    String name = Identifiers.column("linked column", column);
    for (String existing : columns) {
      if (existing.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("linked column " + name + " is set twice");
      }
    }
    columns.add(name);
    sources.add(source);
    return this;
  }

  /** The row as occ's writers take it; checks that it sets at least one column. */
  LinkedRow toRow() {
    if (columns.isEmpty()) {
      throw new IllegalStateException("a linked insert into " + table + " sets no column");
    }
    return new LinkedRow(table, List.copyOf(columns), List.copyOf(sources));
  }
}
