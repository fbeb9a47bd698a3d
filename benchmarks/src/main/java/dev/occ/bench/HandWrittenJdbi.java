package dev.occ.bench;

import java.time.OffsetDateTime;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The same versioned update written by hand on JDBI, in {@code inTransaction}: what a team would
 * write without occ. The gap between this and occ is occ's own cost; the gap between this and raw
 * JDBC is JDBI's.
 */
@State(Scope.Benchmark)
public class HandWrittenJdbi {
  private @Nullable Jdbi jdbi;

  /** Creates a Jdbi on the trial's pool. */
  @Setup(Level.Trial)
  public void setUp(BenchTable table) {
    use(table.dataSource());
  }

  /** Works on the given pool; tests pass one that counts statements. */
  public HandWrittenJdbi use(DataSource pool) {
    this.jdbi = Jdbi.create(pool);
    return this;
  }

  /**
   * Moves the row if it still has the expected version.
   *
   * @throws IllegalStateException if it has another version: the success path never expects one
   */
  public Moved move(long id, long expectedVersion, String status) {
    if (jdbi == null) {
      throw new IllegalStateException("not set up");
    }
    return jdbi.inTransaction(
        h ->
            h.createQuery(BenchTable.VERSIONED_UPDATE)
                .bind(0, status)
                .bind(1, id)
                .bind(2, expectedVersion)
                .map(
                    (rs, ctx) ->
                        new Moved(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant()))
                .findOne()
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "row " + id + " no longer has version " + expectedVersion)));
  }
}
