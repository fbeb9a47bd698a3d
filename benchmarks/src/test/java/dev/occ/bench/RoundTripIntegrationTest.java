package dev.occ.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.occ.RowVersion;
import dev.occ.VersionConflictException;
import dev.occ.bench.hibernate.HibernateRest;
import dev.occ.bench.springdata.SpringDataJdbcRest;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Counts the statements (round trips) each contender sends per move, through a proxy around the
 * pool's connections. The claim under test: occ's conflict path costs the UPDATE and one re-read,
 * and its success path one statement, like raw JDBC and unlike the load-then-flush ORMs.
 */
class RoundTripIntegrationTest {
  /**
   * occ's statement: the hand-written one that also hands back the transaction id, by which a
   * COMMIT whose answer is lost is resolved (same round trip).
   */
  private static final String OCC_VERSIONED_UPDATE =
      BenchTable.VERSIONED_UPDATE + ", txid_current()";

  private static BenchSchema schema;
  private static BenchTable table;
  private static final StatementCounter counter = new StatementCounter();
  private static DataSource counted;
  private static HibernateRest hibernate;
  private static SpringDataJdbcRest springData;

  private long version;
  private OccDefault occ;

  @BeforeAll
  static void createTable() throws SQLException {
    schema = BenchSchema.create("occ_bench_rt");
    table = new BenchTable();
    table.setUp();
    counted = counter.wrap(table.dataSource());
    hibernate = new HibernateRest().use(counted);
    springData = new SpringDataJdbcRest().use(counted);
  }

  @AfterAll
  static void dropTable() throws SQLException {
    hibernate.tearDown();
    springData.tearDown();
    table.tearDown();
    schema.close();
  }

  @BeforeEach
  void warmUpAndReset() throws SQLException {
    // The first operation of an Occ detects the dialect (metadata and SELECT version());
    // only steady-state traffic counts, so each test goes on with the warmed-up instance.
    version = table.versions(new long[] {1})[0];
    occ = new OccDefault().use(counted);
    version = occ.move(1, version, "CHECKED_IN").version();
    counter.reset();
  }

  @Test
  void occSuccessIsOneStatementAndACommit() {
    RowVersion moved = occ.move(1, version, "READY");

    assertThat(moved.version()).isEqualTo(version + 1);
    assertThat(counter.statements()).containsExactly(OCC_VERSIONED_UPDATE);
    assertThat(counter.commits()).isEqualTo(1);
  }

  @Test
  void occConflictIsTheUpdateAndOneReRead() {
    occ.move(2, 1, "READY"); // version 1 → 2, so 1 is stale from now on
    counter.reset();

    assertThatThrownBy(() -> occ.move(2, 1, "COMPLETED"))
        .isInstanceOfSatisfying(
            VersionConflictException.class, e -> assertThat(e.actualVersion()).isEqualTo(2));

    assertThat(counter.statements()).hasSize(2);
    assertThat(counter.statements().get(0)).isEqualTo(OCC_VERSIONED_UPDATE);
    assertThat(counter.statements().get(1))
        .startsWith("SELECT \"version\", \"updated_at\" FROM \"appointments\"");
    assertThat(counter.commits()).isZero();
    assertThat(counter.rollbacks()).isEqualTo(1);
  }

  @Test
  void occConflictWithTheCurrentRowIsStillTwoStatements() {
    occ.move(3, 1, "READY");
    counter.reset();

    assertThatThrownBy(
            () ->
                occ.occ()
                    .update(OccDefault.APPOINTMENTS)
                    .set("status", "COMPLETED")
                    .whereId(3L)
                    .expectVersion(1)
                    .fetchCurrentOnConflict()
                    .execute())
        .isInstanceOfSatisfying(
            VersionConflictException.class,
            e -> assertThat(e.currentRow()).containsEntry("status", "READY"));

    assertThat(counter.statements()).hasSize(2);
    assertThat(counter.statements().get(1)).startsWith("SELECT * FROM \"appointments\"");
  }

  @Test
  void rawJdbcSuccessIsOneStatementAndACommit() throws SQLException {
    new RawJdbc().use(counted).move(1, version, "READY");

    assertThat(counter.statements()).containsExactly(BenchTable.VERSIONED_UPDATE);
    assertThat(counter.commits()).isEqualTo(1);
  }

  @Test
  void hibernateLoadAndFlushIsASelectAndAnUpdate() {
    Moved moved = hibernate.move(1, version, "READY");

    assertThat(moved.version()).isEqualTo(version + 1);
    assertThat(counter.statements()).hasSize(2);
    assertThat(counter.statements().get(0)).startsWithIgnoringCase("select");
    assertThat(counter.statements().get(1)).startsWithIgnoringCase("update");
    assertThat(counter.commits()).isEqualTo(1);
  }

  @Test
  void springDataJdbcLoadAndSaveIsASelectAndAnUpdate() {
    Moved moved = springData.move(1, version, "READY");

    assertThat(moved.version()).isEqualTo(version + 1);
    assertThat(counter.statements()).hasSize(2);
    assertThat(counter.statements().get(0)).startsWithIgnoringCase("select");
    assertThat(counter.statements().get(1)).startsWithIgnoringCase("update");
    assertThat(counter.commits()).isEqualTo(1);
  }
}
