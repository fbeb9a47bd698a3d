package dev.occ.bench;

import dev.occ.Occ;
import dev.occ.RowVersion;
import dev.occ.VersionedTable;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** occ as a user gets it from {@code Occ.create(jdbi)}: the default retry policy, no metrics. */
@State(Scope.Benchmark)
public class OccDefault {
  /**
   * The benchmark table as occ sees it: columns {@code id}, {@code version}, {@code updated_at}.
   */
  public static final VersionedTable APPOINTMENTS = VersionedTable.of(BenchTable.TABLE);

  private @Nullable Occ occ;

  /** Creates occ on a Jdbi on the trial's pool. */
  @Setup(Level.Trial)
  public void setUp(BenchTable table) {
    use(table.dataSource());
  }

  /** Works on the given pool; tests pass one that counts statements. */
  public OccDefault use(DataSource pool) {
    this.occ = Occ.create(Jdbi.create(pool));
    return this;
  }

  /** Returns the instance under test. */
  public Occ occ() {
    if (occ == null) {
      throw new IllegalStateException("not set up");
    }
    return occ;
  }

  /**
   * Moves the row, the way the example app's service does.
   *
   * @throws dev.occ.VersionConflictException if the row has another version
   */
  public RowVersion move(long id, long expectedVersion, String status) {
    return occ()
        .update(APPOINTMENTS)
        .set("status", status)
        .whereId(id)
        .expectVersion(expectedVersion)
        .execute();
  }
}
