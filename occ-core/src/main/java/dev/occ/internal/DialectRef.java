package dev.occ.internal;

import dev.occ.Database;
import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/** One {@code Occ}'s dialect: detected from the first connection it writes on, then kept. */
public final class DialectRef {
  private final String occName;
  private final @Nullable Database fixed;
  private volatile @Nullable SqlDialect dialect;

  /** Creates a reference that detects the database, or uses the fixed one. */
  public DialectRef(String occName, @Nullable Database fixed) {
    this.occName = occName;
    this.fixed = fixed;
  }

  /** Returns the dialect, detecting it on the handle's connection the first time. */
  public SqlDialect get(Handle h) {
    SqlDialect d = dialect;
    if (d == null) {
      synchronized (this) {
        d = dialect;
        if (d == null) {
          try {
            d = DialectDetector.detect(h.getConnection(), fixed, occName);
          } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the database's metadata", e);
          }
          dialect = d;
        }
      }
    }
    return d;
  }
}
