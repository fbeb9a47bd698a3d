package dev.occ;

import dev.occ.internal.Identifiers;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Describes a table whose rows carry a version: the table name, its id column, its version column,
 * an optional {@code updated_at} column that occ sets from the database clock, and an optional
 * scope column (a tenant) that every request on the table must name a value of with {@code
 * inScope(…)}. Every name is checked to be a plain SQL identifier when the description is built;
 * occ quotes names in SQL, so reserved words ({@code order}, {@code user}) work, and folds them the
 * way the database folds unquoted names. A description is a value: equal settings make equal
 * descriptions.
 */
public final class VersionedTable {
  /** The id column name when none is given. */
  public static final String DEFAULT_ID_COLUMN = "id";

  /** The version column name when none is given. */
  public static final String DEFAULT_VERSION_COLUMN = "version";

  /** The updated-at column name when none is given. */
  public static final String DEFAULT_UPDATED_AT_COLUMN = "updated_at";

  /** The version a row gets when occ inserts it, unless configured otherwise. */
  public static final long DEFAULT_INITIAL_VERSION = 1;

  private final String name;
  private final String idColumn;
  private final String versionColumn;
  private final @Nullable String updatedAtColumn;
  private final long initialVersion;
  private final @Nullable String scopeColumn;

  /** The hash code once computed, 0 before; racy like {@code String}'s, and as harmless. */
  private int hash;

  private VersionedTable(Builder b) {
    this.name = Identifiers.table(b.name);
    this.idColumn = Identifiers.column("id column", b.idColumn);
    this.versionColumn = Identifiers.column("version column", b.versionColumn);
    this.updatedAtColumn =
        b.updatedAtColumn == null
            ? null
            : Identifiers.column("updated-at column", b.updatedAtColumn);
    this.scopeColumn =
        b.scopeColumn == null ? null : Identifiers.column("scope column", b.scopeColumn);
    if (idColumn.equalsIgnoreCase(versionColumn)
        || idColumn.equalsIgnoreCase(Objects.toString(updatedAtColumn, ""))
        || versionColumn.equalsIgnoreCase(Objects.toString(updatedAtColumn, ""))) {
      throw new IllegalArgumentException("id, version and updated-at columns must be distinct");
    }
    if (scopeColumn != null
        && (scopeColumn.equalsIgnoreCase(idColumn)
            || scopeColumn.equalsIgnoreCase(versionColumn)
            || scopeColumn.equalsIgnoreCase(Objects.toString(updatedAtColumn, "")))) {
      throw new IllegalArgumentException(
          "scope column "
              + scopeColumn
              + " must differ from the id, version and updated-at columns");
    }
    if (b.initialVersion < 0) {
      throw new IllegalArgumentException("initial version must be >= 0");
    }
    this.initialVersion = b.initialVersion;
  }

  /**
   * Describes a table with the default columns {@code id}, {@code version} and {@code updated_at}.
   *
   * @throws IllegalArgumentException if the name is not a plain SQL identifier
   */
  public static VersionedTable of(String name) {
    return builder(name).build();
  }

  /**
   * Starts describing a table; column names default to {@code id}, {@code version}, {@code
   * updated_at}.
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Returns the table name as written into SQL. */
  public String name() {
    return name;
  }

  /** Returns the id column. */
  public String idColumn() {
    return idColumn;
  }

  /** Returns the version column. */
  public String versionColumn() {
    return versionColumn;
  }

  /** Returns the updated-at column, or {@code null} if the table has none. */
  public @Nullable String updatedAtColumn() {
    return updatedAtColumn;
  }

  /** Returns the version occ gives a row it inserts. */
  public long initialVersion() {
    return initialVersion;
  }

  /**
   * Returns the scope column, or {@code null} if the table has none. On a scoped table every
   * request must say {@code inScope(value)}; its writes and reads match only rows whose scope
   * column holds that value, so a row of another scope is not found.
   */
  public @Nullable String scopeColumn() {
    return scopeColumn;
  }

  /**
   * Returns whether the column is one occ manages itself (id, version, updated-at, scope): an
   * update never sets it.
   */
  boolean isManaged(String column) {
    return column.equalsIgnoreCase(idColumn)
        || column.equalsIgnoreCase(versionColumn)
        || (updatedAtColumn != null && column.equalsIgnoreCase(updatedAtColumn))
        || isScope(column);
  }

  /** Returns whether the column is the scope column. */
  boolean isScope(String column) {
    return scopeColumn != null && column.equalsIgnoreCase(scopeColumn);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof VersionedTable t
        && name.equals(t.name)
        && idColumn.equals(t.idColumn)
        && versionColumn.equals(t.versionColumn)
        && Objects.equals(updatedAtColumn, t.updatedAtColumn)
        && initialVersion == t.initialVersion
        && Objects.equals(scopeColumn, t.scopeColumn);
  }

  @Override
  public int hashCode() {
    // Computed once: a table is the key of every rendered-statement lookup on the write path.
    int h = hash;
    if (h == 0) {
      h = Objects.hash(name, idColumn, versionColumn, updatedAtColumn, initialVersion, scopeColumn);
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return "VersionedTable[" + name + (scopeColumn == null ? "" : ", scope " + scopeColumn) + "]";
  }

  /** Builds a {@link VersionedTable}; names are checked by {@link #build()}. */
  public static final class Builder {
    private final String name;
    private String idColumn = DEFAULT_ID_COLUMN;
    private String versionColumn = DEFAULT_VERSION_COLUMN;
    private @Nullable String updatedAtColumn = DEFAULT_UPDATED_AT_COLUMN;
    private long initialVersion = DEFAULT_INITIAL_VERSION;
    private @Nullable String scopeColumn;

    private Builder(String name) {
      this.name = name;
    }

    /** Sets the id column. */
    public Builder idColumn(String column) {
      this.idColumn = column;
      return this;
    }

    /** Sets the version column (an integer type). */
    public Builder versionColumn(String column) {
      this.versionColumn = column;
      return this;
    }

    /**
     * Sets the updated-at column, a timestamp with time zone that occ sets from the database clock.
     */
    public Builder updatedAtColumn(String column) {
      this.updatedAtColumn = column;
      return this;
    }

    /** Declares that the table has no updated-at column. */
    public Builder noUpdatedAtColumn() {
      this.updatedAtColumn = null;
      return this;
    }

    /** Sets the version a row gets when occ inserts it. */
    public Builder initialVersion(long version) {
      this.initialVersion = version;
      return this;
    }

    /**
     * Sets the scope column (a tenant, e.g. {@code shop_id}): every request on the table must then
     * name its scope with {@code inScope(value)}, and a row whose scope column holds another value
     * is not found. A second wall beside the database's row-level security, not a replacement.
     *
     * @throws IllegalArgumentException if the column is null; {@link #build()} checks the name
     */
    public Builder scopeColumn(String column) {
      if (column == null) {
        // A null here would silently build an unscoped table: refuse it rather than drop the wall.
        throw new IllegalArgumentException("scope column must not be null");
      }
      this.scopeColumn = column;
      return this;
    }

    /**
     * Returns the immutable description.
     *
     * @throws IllegalArgumentException if a name is not a plain SQL identifier or columns clash
     */
    public VersionedTable build() {
      return new VersionedTable(this);
    }
  }
}
