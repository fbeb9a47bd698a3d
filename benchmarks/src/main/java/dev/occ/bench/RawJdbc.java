package dev.occ.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The baseline: the versioned update with a bare PreparedStatement, in a transaction of its own as
 * occ runs it (autocommit off, commit, autocommit restored), reading back version and updated-at.
 * Nothing can do the same work with less.
 */
@State(Scope.Benchmark)
public class RawJdbc {
  private static final String SELECT_VERSION =
      "SELECT version, updated_at FROM appointments WHERE id = ?";

  private @Nullable DataSource dataSource;

  /** Borrows the trial's pool. */
  @Setup(Level.Trial)
  public void setUp(BenchTable table) {
    use(table.dataSource());
  }

  /** Works on the given pool; tests pass one that counts statements. */
  public RawJdbc use(DataSource pool) {
    this.dataSource = pool;
    return this;
  }

  /**
   * Moves the row if it still has the expected version.
   *
   * @throws IllegalStateException if it has another version: the success path never expects one
   */
  public Moved move(long id, long expectedVersion, String status) throws SQLException {
    try (Connection c = pool().getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(BenchTable.VERSIONED_UPDATE)) {
        ps.setString(1, status);
        ps.setLong(2, id);
        ps.setLong(3, expectedVersion);
        Moved moved;
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalStateException(
                "row " + id + " no longer has version " + expectedVersion);
          }
          moved = new Moved(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant());
        }
        c.commit();
        return moved;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  /**
   * The conflict path written by hand, as occ does it: the update matches nothing, so re-read the
   * row in the same transaction to tell a conflict from a missing row, then roll back.
   *
   * @return the row's actual version
   * @throws IllegalStateException if the update succeeded or the row is missing
   */
  public long staleMove(long id, long staleVersion, String status) throws SQLException {
    try (Connection c = pool().getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement update = c.prepareStatement(BenchTable.VERSIONED_UPDATE);
          PreparedStatement select = c.prepareStatement(SELECT_VERSION)) {
        update.setString(1, status);
        update.setLong(2, id);
        update.setLong(3, staleVersion);
        try (ResultSet rs = update.executeQuery()) {
          if (rs.next()) {
            throw new IllegalStateException("row " + id + " still had version " + staleVersion);
          }
        }
        select.setLong(1, id);
        try (ResultSet rs = select.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalStateException("row " + id + " is missing");
          }
          return rs.getLong(1);
        }
      } finally {
        c.rollback();
        c.setAutoCommit(true);
      }
    }
  }

  private DataSource pool() {
    if (dataSource == null) {
      throw new IllegalStateException("not set up");
    }
    return dataSource;
  }
}
