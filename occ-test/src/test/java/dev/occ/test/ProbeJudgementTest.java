package dev.occ.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What the probe concludes from each kind of answer. The "database" here is a versioned register in
 * memory whose writes are told to go wrong in one chosen way each, so that every verdict can be
 * shown on demand; the probe against real databases is in {@link LostUpdateProbeTest} and the
 * PostgreSQL integration test.
 */
class ProbeJudgementTest {
  /** One row: a version that writes move. */
  static final class Register {
    private long version;
    private boolean acknowledgedWithoutWriting;

    Register(long version) {
      this.version = version;
    }

    synchronized long read() {
      return version;
    }

    /** Moves the version from expected to expected + 1, or reports the version it is at. */
    synchronized WriteResult compareAndSet(long expected) {
      if (version != expected) {
        return WriteResult.conflict(version);
      }
      version = expected + 1;
      return WriteResult.acknowledged(version);
    }

    /**
     * Answers like {@link #compareAndSet} but writes nothing: once acknowledged, then conflicts.
     */
    synchronized WriteResult acknowledgeWithoutWriting(long expected) {
      if (version != expected || acknowledgedWithoutWriting) {
        return WriteResult.conflict();
      }
      acknowledgedWithoutWriting = true;
      return WriteResult.acknowledged(expected + 1);
    }

    /** Writes expected + 1 whatever the row holds: the last write wins. */
    synchronized WriteResult overwrite(long expected) {
      version = expected + 1;
      return WriteResult.acknowledged(version);
    }
  }

  private static final LostUpdateProbe PROBE =
      LostUpdateProbe.builder()
          .clients(4)
          .writesPerClient(10)
          .timeout(Duration.ofSeconds(30))
          .build();

  private static ProbeReport run(Register row, VersionedWrite<String> write) {
    return PROBE.run("row", id -> row.read(), write);
  }

  @Test
  void aCorrectCompareAndSetPassesWithOneAcknowledgementPerLockstepRound() {
    Register row = new Register(7);

    ProbeReport report =
        run(row, (id, expected) -> row.compareAndSet(expected)).assertNoLostUpdates();

    assertThat(report.violations()).isEmpty();
    assertThat(report.acknowledged()).isEqualTo(10);
    assertThat(report.conflicts()).isEqualTo(30);
    assertThat(report.acknowledgedVersions())
        .containsExactly(8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L);
    assertThat(report.initialVersion()).isEqualTo(7);
    assertThat(report.finalVersion()).isEqualTo(17);
    assertThat(report.attempts()).isEqualTo(40);
    assertThat(report.retries()).isEmpty();
    assertThat(report.faultsInjected()).isEmpty();
  }

  @Test
  void lastWriteWinsIsCaughtInTheFirstRound() {
    Register row = new Register(0);

    ProbeReport report = run(row, (id, expected) -> row.overwrite(expected));

    assertThat(report.hasLostUpdates()).isTrue();
    assertThat(report.violations())
        .anySatisfy(
            v ->
                assertThat(v)
                    .startsWith("version 1 was acknowledged 4 times")
                    .endsWith("3 of these updates were lost"));
    assertThat(report.violations())
        .anySatisfy(
            v ->
                assertThat(v)
                    .startsWith(
                        "the row's final version is 10, but initial version 0 + 40 acknowledged writes = 40"));
    assertThatThrownBy(report::assertNoLostUpdates)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Lost updates")
        .hasMessageContaining("acknowledged 40");
  }

  @Test
  void anAcknowledgementThatDidNotLastIsFound() {
    Register row = new Register(0);

    // In the last round, the winner says "done" but its write never lands.
    ProbeReport report =
        run(
            row,
            (id, expected) ->
                expected == 9
                    ? row.acknowledgeWithoutWriting(expected)
                    : row.compareAndSet(expected));

    assertThat(report.violations())
        .satisfiesExactly(
            v ->
                assertThat(v)
                    .matches(
                        "client \\d write 9 was acknowledged at version 10, above the"
                            + " row's final version 9: it did not last"),
            v ->
                assertThat(v)
                    .isEqualTo(
                        "the row's final version is 9, but initial version 0 + 10"
                            + " acknowledged writes = 10: acknowledged writes were lost"));
  }

  @Test
  void aVersionThatIsNotTheExpectedPlusOneIsFound() {
    Register row = new Register(0);

    ProbeReport report =
        run(
            row,
            (id, expected) -> {
              WriteResult r = row.compareAndSet(expected);
              return r instanceof WriteResult.Acknowledged
                  ? WriteResult.acknowledged(expected + 2)
                  : r;
            });

    assertThat(report.violations())
        .anySatisfy(
            v ->
                assertThat(v)
                    .matches(
                        "client \\d write \\d was acknowledged at version \\d+"
                            + " after reading version \\d+ \\(must be \\d+\\)"));
  }

  @Test
  void aConflictThatReportsTheExpectedVersionIsFound() {
    Register row = new Register(0);

    ProbeReport report =
        run(
            row,
            (id, expected) -> {
              WriteResult r = row.compareAndSet(expected);
              return r instanceof WriteResult.Conflict ? WriteResult.conflict(expected) : r;
            });

    assertThat(report.violations())
        .isNotEmpty()
        .allSatisfy(
            v ->
                assertThat(v)
                    .satisfiesAnyOf(
                        s ->
                            assertThat(s)
                                .contains("the actual version it reported is the expected one"),
                        s -> assertThat(s).startsWith("… and ")));
  }

  @Test
  void aWriteThatTookEffectButWasReportedAsAConflictIsFound() {
    Register row = new Register(0);

    AtomicBoolean first = new AtomicBoolean(true);

    // The first write that succeeds says it was refused.
    ProbeReport report =
        run(
            row,
            (id, expected) -> {
              WriteResult r = row.compareAndSet(expected);
              return r instanceof WriteResult.Acknowledged && first.getAndSet(false)
                  ? WriteResult.conflict()
                  : r;
            });

    assertThat(report.acknowledged()).isEqualTo(9);
    assertThat(report.violations())
        .containsExactly(
            "the row's final version is 10, but initial"
                + " version 0 + 9 acknowledged writes = 9: writes that were not acknowledged took effect");
  }

  @Test
  void aWriteOfUnknownOutcomeMayHaveHappenedButIsReportedAsAFailure() {
    Register row = new Register(0);

    AtomicBoolean first = new AtomicBoolean(true);

    // The first write that takes effect loses its answer: nobody knows whether it happened.
    // (Which client wins a lockstep round is up to the scheduler, so the fault follows the write,
    // not a client: a client that never wins would leave this test with nothing to judge.)
    ProbeReport report =
        run(
            row,
            (id, expected) -> {
              WriteResult r = row.compareAndSet(expected);
              if (r instanceof WriteResult.Acknowledged && first.getAndSet(false)) {
                throw new IllegalStateException("connection lost after COMMIT");
              }
              return r;
            });

    assertThat(report.violations()).isEmpty();
    assertThat(report.unknownOutcomes()).isEqualTo(1);
    assertThat(report.acknowledged()).isEqualTo(9);
    assertThat(report.failureSamples()).first().isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(report::assertNoFailures)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("write(s)");
  }

  @Test
  void aRunWithoutAnyAcknowledgementProvesNothing() {
    Register row = new Register(0);

    ProbeReport report = run(row, (id, expected) -> WriteResult.notApplied("retries ran out"));

    assertThat(report.violations()).isEmpty();
    assertThat(report.notApplied()).isEqualTo(40);
    assertThatThrownBy(report::assertNoLostUpdates)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("proved nothing");
  }

  @Test
  void failedReadsAreCountedAndSkipTheirWrite() {
    Register row = new Register(0);
    AtomicInteger clientReads = new AtomicInteger();

    ProbeReport report =
        LostUpdateProbe.builder()
            .clients(2)
            .writesPerClient(5)
            .build()
            .run(
                "row",
                id -> {
                  // Every other read by a client fails; the probe's own reads (initial, final) do
                  // not.
                  boolean client = Thread.currentThread().getName().startsWith("occ-probe-client-");
                  if (client && clientReads.incrementAndGet() % 2 == 0) {
                    throw new IllegalStateException("read failed");
                  }
                  return row.read();
                },
                (id, expected) -> row.compareAndSet(expected));

    assertThat(report.failedReads()).isEqualTo(5);
    assertThat(report.attempts()).isEqualTo(5);
    assertThat(report.violations()).isEmpty();
  }

  @Test
  void aWriteThatHangsFailsTheRunWhenTheTimeoutIsUp() {
    Register row = new Register(0);
    CountDownLatch never = new CountDownLatch(1);

    assertThatThrownBy(
            () ->
                LostUpdateProbe.builder()
                    .timeout(Duration.ofMillis(300))
                    .build()
                    .run(
                        "row",
                        id -> row.read(),
                        (id, expected) -> {
                          never.await();
                          return row.compareAndSet(expected);
                        }))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("did not");
  }

  @Test
  void anErrorInOneClientIsReportedRatherThanTheRoundsItBroke() {
    Register row = new Register(0);

    assertThatThrownBy(
            () ->
                PROBE.run(
                    "row",
                    id -> row.read(),
                    (id, expected) -> {
                      if (Thread.currentThread().getName().endsWith("-2") && expected == 3) {
                        throw new AssertionError("the code under test gave up");
                      }
                      return row.compareAndSet(expected);
                    }))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("A probe client failed")
        .cause()
        .hasMessage("the code under test gave up");
  }

  @Test
  void freeRunningClientsAreJudgedTheSameWay() {
    Register row = new Register(0);
    LostUpdateProbe free = PROBE.toBuilder().freeRunning().build();

    ProbeReport good =
        free.run("row", id -> row.read(), (id, expected) -> row.compareAndSet(expected));

    assertThat(good.lockstep()).isFalse();
    assertThat(good.violations()).isEmpty();
    assertThat(good.finalVersion()).isEqualTo(good.acknowledged());
    assertThat(good.acknowledged() + good.conflicts()).isEqualTo(40);
  }

  @Test
  void settingsAreChecked() {
    assertThatThrownBy(() -> LostUpdateProbe.builder().clients(1).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LostUpdateProbe.builder().writesPerClient(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LostUpdateProbe.builder().timeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
