package dev.occ;

import org.jspecify.annotations.Nullable;

/**
 * The checks every request makes of its scope: a scoped table needs one before anything runs, an
 * unscoped table refuses one. Both fail closed: a caller who believes a request is walled off must
 * never have it run unwalled.
 */
final class Scopes {
  private Scopes() {}

  /**
   * Returns the value a request was given by {@code inScope(value)}.
   *
   * @throws IllegalArgumentException if the table has no scope column or the value is null
   */
  static Object given(VersionedTable table, @Nullable Object value) {
    if (table.scopeColumn() == null) {
      throw new IllegalArgumentException(
          table.name()
              + " has no scope column: inScope(…) applies only to a table described with"
              + " scopeColumn(…)");
    }
    if (value == null) {
      throw new IllegalArgumentException(
          "the scope (" + table.scopeColumn() + ") of a request on " + table.name() + " is null");
    }
    return value;
  }

  /**
   * Returns the request's scope, null for an unscoped table.
   *
   * @throws IllegalStateException if the table is scoped and the request names no scope
   */
  static @Nullable Object required(VersionedTable table, @Nullable Object scope) {
    if (table.scopeColumn() != null && scope == null) {
      throw new IllegalStateException(
          table.name()
              + " is scoped by "
              + table.scopeColumn()
              + ": call inScope(…) with the caller's "
              + table.scopeColumn()
              + " before execute");
    }
    return scope;
  }
}
