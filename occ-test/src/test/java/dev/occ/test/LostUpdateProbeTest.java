package dev.occ.test;

import static dev.occ.testing.ItemsTable.ITEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.occ.Occ;
import dev.occ.RetryPolicy;
import dev.occ.TransientFailureException;
import dev.occ.VersionConflictException;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The probe on a real database (in-memory H2): occ's versioned update passes, a last-write-wins
 * UPDATE is caught, and faults and retries during a run are reported.
 */
class LostUpdateProbeTest {
  private H2Items db;
  private final OccRetryCounter retries = OccRetryCounter.create();

  @BeforeEach
  void setUp() {
    db = H2Items.create();
  }

  private VersionReader<Long> reader() {
    return id -> db.version(id);
  }

  /** occ's update; H2 may time out on a row lock, and occ then reports that nothing was written. */
  static VersionedWrite<Long> viaOcc(Occ occ) {
    return (id, expected) -> {
      try {
        return WriteResult.acknowledged(
            occ.update(ITEMS)
                .set("name", "probe")
                .whereId(id)
                .expectVersion(expected)
                .execute()
                .version());
      } catch (VersionConflictException e) {
        return WriteResult.conflict(e.actualVersion());
      } catch (TransientFailureException e) {
        return WriteResult.notApplied("retries ran out: " + e.sqlState());
      }
    };
  }

  /** A read-modify-write that writes back what it computed from its read: the last write wins. */
  static VersionedWrite<Long> lastWriteWins(Jdbi jdbi) {
    return VersionedWrite.returningNewVersion(
        (id, expected) -> {
          jdbi.useHandle(
              h ->
                  h.createUpdate("UPDATE items SET name = :name, version = :version WHERE id = :id")
                      .bind("name", "probe")
                      .bind("version", expected + 1)
                      .bind("id", id)
                      .execute());
          return expected + 1;
        });
  }

  private Occ occ(Jdbi jdbi) {
    return Occ.builder(jdbi)
        .retryPolicy(RetryPolicy.builder().maxAttempts(5).build())
        .listener(retries)
        .build();
  }

  @Test
  void occPassesWithAtMostOneAcknowledgementPerRound() {
    long id = db.newRow(3);
    LostUpdateProbe probe = LostUpdateProbe.builder().clients(4).writesPerClient(10).build();

    ProbeReport report = probe.run(id, reader(), viaOcc(occ(db.jdbi()))).assertNoLostUpdates();

    assertThat(report.acknowledged()).isBetween(1, 10);
    assertThat(report.finalVersion()).isEqualTo(3 + report.acknowledged());
    assertThat(report.acknowledged() + report.conflicts() + report.notApplied()).isEqualTo(40);
    assertThat(report.unknownOutcomes()).isZero();
  }

  @Test
  void aLastWriteWinsUpdateIsCaught() {
    long id = db.newRow(0);

    ProbeReport report = LostUpdateProbe.create().run(id, reader(), lastWriteWins(db.jdbi()));

    assertThat(report.hasLostUpdates()).isTrue();
    assertThat(report.violations())
        .first()
        .asString()
        .startsWith("version 1 was acknowledged 4 times");
    assertThat(report.finalVersion()).isEqualTo(LostUpdateProbe.DEFAULT_WRITES_PER_CLIENT);
    assertThatThrownBy(report::assertNoLostUpdates).isInstanceOf(AssertionError.class);
  }

  @Test
  void faultsInjectedDuringARunAndTheRetriesTheyCauseAreReported() {
    long id = db.newRow(0);
    FaultInjector faults = FaultInjector.create();
    InjectedFault fault =
        faults.failStatements("(?i)\\bupdate\\s+\"?items\\b").times(3).withSqlState("40001");
    Occ occ = occ(Jdbi.create(faults.wrap(db.dataSource())));
    LostUpdateProbe probe =
        LostUpdateProbe.builder().writesPerClient(5).faults(faults).retries(retries::count).build();

    ProbeReport report = probe.run(id, reader(), viaOcc(occ)).assertNoLostUpdates();

    assertThat(fault.injected()).isEqualTo(3);
    assertThat(report.faultsInjected()).hasValue(3);
    assertThat(report.retries().orElseThrow()).isGreaterThanOrEqualTo(3);
    assertThat(retries.count("serialization_failure")).isGreaterThanOrEqualTo(3);
    assertThat(report.toString()).contains("faults injected 3").contains("no lost update");
  }

  @Test
  void freeRunningOccPassesToo() {
    long id = db.newRow(0);
    LostUpdateProbe probe =
        LostUpdateProbe.builder().clients(3).writesPerClient(15).freeRunning().build();

    ProbeReport report = probe.run(id, reader(), viaOcc(occ(db.jdbi()))).assertNoLostUpdates();

    assertThat(report.finalVersion()).isEqualTo(report.acknowledged());
    assertThat(report.attemptsPerSecond()).isPositive();
  }
}
