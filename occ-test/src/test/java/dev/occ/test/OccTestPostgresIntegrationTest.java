package dev.occ.test;

import static dev.occ.testing.ItemsTable.ITEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.occ.Occ;
import dev.occ.RetryPolicy;
import dev.occ.RowVersion;
import dev.occ.TransientFailureException;
import dev.occ.testing.ItemsTable;
import dev.occ.testing.PostgresItems;
import java.sql.SQLException;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * occ-test on PostgreSQL, set up as an application is: the injector sits under HikariCP, on the
 * driver's data source. Injected faults drive occ's retry exactly as the policy says (invariant 4
 * and 7), and the probe passes for occ — also while faults fire — and fails for last-write-wins.
 */
class OccTestPostgresIntegrationTest {
  /** occ's UPDATE of items, whatever statement it is wrapped in (a CTE, a RETURNING). */
  private static final String UPDATE_ITEMS = "(?i)\\bupdate\\s+\"?items\\b";

  private static PostgresItems db;
  private static Jdbi direct;

  private FaultInjector faults;
  private OccRetryCounter retries;
  private HikariDataSource pool;

  @BeforeAll
  static void createSchema() {
    db = PostgresItems.create("occ_test_probe");
    direct = db.jdbi();
  }

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  @BeforeEach
  void pool() {
    PGSimpleDataSource driver = new PGSimpleDataSource();
    driver.setURL(db.url());
    driver.setUser(db.user());
    driver.setPassword(db.password());
    faults = FaultInjector.create();
    retries = OccRetryCounter.create();
    HikariConfig config = new HikariConfig();
    config.setDataSource(faults.wrap(driver));
    config.setMaximumPoolSize(6);
    config.setPoolName("occ-test-" + System.nanoTime());
    pool = new HikariDataSource(config);
  }

  @AfterEach
  void closePool() {
    pool.close();
  }

  private Occ occ(RetryPolicy policy) {
    return Occ.builder(Jdbi.create(pool)).retryPolicy(policy).listener(retries).build();
  }

  private static RowVersion rename(Occ occ, long id, long expected) {
    return occ.update(ITEMS).set("name", "renamed").whereId(id).expectVersion(expected).execute();
  }

  private static long version(long id) {
    return ItemsTable.version(direct, id).orElseThrow();
  }

  @Test
  void anInjectedSerializationFailureIsRetriedWithinThePolicyAndCounted() {
    long id = db.newRow(1);
    InjectedFault fault =
        faults.failStatements(UPDATE_ITEMS).times(1).with(SqlFailure.serializationFailure());

    RowVersion v = rename(occ(RetryPolicy.DEFAULT), id, 1);

    assertThat(v.version()).isEqualTo(2);
    assertThat(fault.injected()).isEqualTo(1);
    assertThat(fault.matched()).isEqualTo(2);
    assertThat(retries.byReason()).containsOnlyKeys("serialization_failure").containsValue(1L);
    assertThat(version(id)).isEqualTo(2);
    assertThat(ItemsTable.name(direct, id)).isEqualTo("renamed");
  }

  @Test
  void aFaultThatOutlastsThePolicySurfacesAfterExactlyItsAttempts() {
    long id = db.newRow(1);
    InjectedFault fault =
        faults.failStatements(UPDATE_ITEMS).times(3).with(SqlFailure.postgresDeadlock());
    RetryPolicy threeAttempts = RetryPolicy.builder().maxAttempts(3).build();

    Throwable thrown = catchThrowable(() -> rename(occ(threeAttempts), id, 1));

    assertThat(thrown)
        .isInstanceOfSatisfying(
            TransientFailureException.class,
            e -> {
              assertThat(e.sqlState()).isEqualTo("40P01");
              assertThat(e.attempts()).isEqualTo(3);
            });
    assertThat(fault.matched()).isEqualTo(3);
    assertThat(retries.count("deadlock")).isEqualTo(2);
    assertThat(version(id)).isEqualTo(1);
  }

  @Test
  void aPermanentErrorRunsOnce() {
    long id = db.newRow(1);
    InjectedFault fault =
        faults.failStatements(UPDATE_ITEMS).times(1).with(SqlFailure.uniqueViolation());

    Throwable thrown = catchThrowable(() -> rename(occ(RetryPolicy.DEFAULT), id, 1));

    assertThat(thrown).isNotNull().isNotInstanceOf(TransientFailureException.class);
    assertThat(rootSqlState(thrown)).isEqualTo("23505");
    assertThat(fault.matched()).isEqualTo(1);
    assertThat(retries.count()).isZero();
    assertThat(version(id)).isEqualTo(1);
  }

  @Test
  void aConnectionDroppedBeforeCommitIsRetriedOnAFreshConnectionAndAppliedOnce() {
    long id = db.newRow(1);
    InjectedFault drop = faults.dropConnectionBeforeCommit().whenTransactionRan(UPDATE_ITEMS).arm();

    RowVersion v = rename(occ(RetryPolicy.DEFAULT), id, 1);

    assertThat(v.version()).isEqualTo(2);
    assertThat(drop.injected()).isEqualTo(1);
    assertThat(faults.connectionsDroppedBeforeCommit()).isEqualTo(1);
    assertThat(retries.byReason()).containsOnlyKeys("connection_lost").containsValue(1L);
    assertThat(version(id)).isEqualTo(2);
  }

  @Test
  void aConnectionDroppedAfterCommitIsResolvedAsCommittedAndNotRetried() {
    long id = db.newRow(1);
    InjectedFault drop = faults.dropConnectionAfterCommit().whenTransactionRan(UPDATE_ITEMS).arm();

    RowVersion v = rename(occ(RetryPolicy.DEFAULT), id, 1);

    assertThat(v.version()).isEqualTo(2);
    assertThat(drop.injected()).isEqualTo(1);
    assertThat(drop.matched()).isEqualTo(1);
    assertThat(retries.count()).isZero();
    assertThat(version(id)).isEqualTo(2);
  }

  @Test
  void theProbePassesForOccWithExactlyOneAcknowledgementPerRound() {
    long id = db.newRow(5);
    LostUpdateProbe probe =
        LostUpdateProbe.builder().clients(4).writesPerClient(10).retries(retries::count).build();

    ProbeReport report =
        probe.run(
            id,
            OccTestPostgresIntegrationTest::version,
            LostUpdateProbeTest.viaOcc(occ(RetryPolicy.DEFAULT)));

    report.assertNoLostUpdates().assertNoFailures();
    assertThat(report.acknowledged()).isEqualTo(10);
    assertThat(report.conflicts()).isEqualTo(30);
    assertThat(report.finalVersion()).isEqualTo(15);
    assertThat(report.retries()).hasValue(0);
  }

  @Test
  void theProbePassesForOccWhileFaultsFireAndCountsThem() {
    long id = db.newRow(0);
    InjectedFault failures =
        faults.failStatements(UPDATE_ITEMS).times(5).with(SqlFailure.serializationFailure());
    InjectedFault drops =
        faults.dropConnectionBeforeCommit().whenTransactionRan(UPDATE_ITEMS).times(2).arm();
    // More attempts than faults: no client can run out, so every round has its one winner.
    Occ occ = occ(RetryPolicy.builder().maxAttempts(9).build());
    LostUpdateProbe probe =
        LostUpdateProbe.builder()
            .writesPerClient(10)
            .faults(faults)
            .retries(retries::count)
            .build();

    ProbeReport report =
        probe.run(id, OccTestPostgresIntegrationTest::version, LostUpdateProbeTest.viaOcc(occ));

    report.assertNoLostUpdates().assertNoFailures();
    assertThat(report.acknowledged()).isEqualTo(10);
    assertThat(report.faultsInjected()).hasValue(7);
    assertThat(failures.injected()).isEqualTo(5);
    assertThat(drops.injected()).isEqualTo(2);
    assertThat(retries.count("serialization_failure")).isEqualTo(5);
    assertThat(retries.count("connection_lost")).isEqualTo(2);
    assertThat(report.retries()).hasValue(7);
  }

  @Test
  void theProbeFailsForALastWriteWinsUpdate() {
    long id = db.newRow(0);
    Jdbi app = Jdbi.create(pool);
    VersionedWrite<Long> lastWriteWins =
        VersionedWrite.returningNewVersion(
            (row, expected) -> {
              app.useHandle(
                  h ->
                      h.createUpdate(
                              "UPDATE items SET name = :name, version = :version WHERE id = :id")
                          .bind("name", "overwritten")
                          .bind("version", expected + 1)
                          .bind("id", row)
                          .execute());
              return expected + 1;
            });

    ProbeReport report =
        LostUpdateProbe.builder()
            .clients(4)
            .writesPerClient(10)
            .timeout(Duration.ofSeconds(60))
            .build()
            .run(id, OccTestPostgresIntegrationTest::version, lastWriteWins);

    assertThat(report.hasLostUpdates()).isTrue();
    assertThat(report.violations())
        .first()
        .asString()
        .startsWith("version 1 was acknowledged 4 times");
    assertThat(report.acknowledged()).isEqualTo(40);
    assertThat(report.finalVersion()).isEqualTo(10);
    assertThatThrownBy(report::assertNoLostUpdates)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("of these updates were lost")
        .hasMessageContaining("acknowledged writes were lost");
  }

  private static String rootSqlState(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return null;
  }
}
