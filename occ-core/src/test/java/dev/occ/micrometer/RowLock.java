package dev.occ.micrometer;

import dev.occ.OccListener;
import dev.occ.testing.ItemsTable;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Another transaction that holds a row's lock, so that occ's update of the row waits and fails with
 * the database's lock timeout: a real transient error, whose retry succeeds once the lock is
 * released.
 */
final class RowLock implements AutoCloseable {
  private final Handle handle;
  private boolean held = true;

  private RowLock(Handle handle) {
    this.handle = handle;
  }

  /** Locks the row in a transaction of its own. */
  static RowLock take(Jdbi jdbi, long id) {
    Handle h = jdbi.open();
    h.begin();
    ItemsTable.lockedVersion(h, id);
    return new RowLock(h);
  }

  /** A listener that releases the lock when occ is about to retry: the retry then succeeds. */
  OccListener releasedOnRetry() {
    return new OccListener() {
      @Override
      public void retrying(String table, String reason, int attempt) {
        release();
      }
    };
  }

  /** Ends the locking transaction; does nothing the second time. */
  synchronized void release() {
    if (held) {
      held = false;
      handle.rollback();
      handle.close();
    }
  }

  @Override
  public void close() {
    release();
  }
}
