package dev.occ;

/** No row with the given id exists (or it is not visible to this session): never a conflict. */
public final class RowNotFoundException extends OccException {
  private static final long serialVersionUID = 1L;

  private final transient Object id;

  /**
   * Creates a not-found report.
   *
   * @param table the table
   * @param id the id that was not found
   */
  public RowNotFoundException(String table, Object id) {
    super(table, "No row in " + table + " with id " + id, null);
    this.id = id;
  }

  /** Returns the id that was not found. */
  public Object id() {
    return id;
  }
}
