package dev.occ;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.micrometer.MicrometerOccListener;
import dev.occ.testing.GaleraCluster;
import dev.occ.testing.GaleraNodes;
import dev.occ.testing.RecordingListener;
import dev.occ.testing.RecordingListener.Retry;
import dev.occ.testing.WatchedCommits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Why occ re-ran a transaction on Galera, as {@code occ.retries} tells it: a 1213 / 40001 raised by
 * COMMIT is a lost certification (a writer on another node committed the row first) and is counted
 * as {@code certification_failure}; a 1213 raised by a statement is an InnoDB deadlock between two
 * transactions on one node and is counted as {@code deadlock}. Whether a failure came from COMMIT
 * is observed at the connection ({@link WatchedCommits}), not taken from occ.
 */
class GaleraCertificationFailureIntegrationTest {
  private static final VersionedTable ITEMS = VersionedTable.of("items");
  private static final int ROWS = 2;
  private static final long INITIAL_VERSION = 1;
  private static final int WRITERS_PER_NODE = 2;

  /** The run ends once COMMIT has failed this often, or after {@link #RUN_AT_MOST}. */
  private static final int COMMIT_FAILURES_WANTED = 15;

  private static final Duration RUN_AT_MOST = Duration.ofSeconds(20);

  /** Generous, so that nearly every certification failure is retried rather than given up. */
  private static final RetryPolicy POLICY = RetryPolicy.builder().maxAttempts(10).build();

  private final String database = "occ_galera_cert_" + UUID.randomUUID().toString().substring(0, 8);
  private List<String> nodes;

  @BeforeEach
  void createTable() throws SQLException {
    nodes = GaleraNodes.urls();
    assertThat(nodes).as("OCC_TEST_GALERA_URLS: one URL per node").hasSize(3);
    GaleraNodes.createItems(nodes.get(0), database, ROWS, INITIAL_VERSION);
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    GaleraNodes.dropDatabase(nodes.get(0), database);
  }

  @Test
  void certificationFailuresUnderContentionAreRetriedAndCountedAsCertificationFailures()
      throws Exception {
    RecordingListener listener = new RecordingListener();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<WatchedCommits> connections = new ArrayList<>();
    List<Jdbi> jdbis = new ArrayList<>();
    List<Occ> occs = new ArrayList<>();
    for (int n = 0; n < nodes.size(); n++) {
      WatchedCommits watched =
          new WatchedCommits(GaleraNodes.inDatabase(nodes.get(n), database), "root", "");
      connections.add(watched);
      Jdbi jdbi = Jdbi.create(watched);
      jdbis.add(jdbi);
      occs.add(
          Occ.builder(jdbi)
              .name("node" + (n + 1))
              .retryPolicy(POLICY)
              .listener(listener)
              .listener(MicrometerOccListener.create(registry))
              .build());
    }
    long[] conflictsBefore = galeraConflicts();
    // COMMIT failures with 1213 that occ went on to retry (those that ended an exhausted run are
    // not).
    AtomicLong retriedCommitFailures = new AtomicLong();
    AtomicInteger gaveUp = new AtomicInteger();
    AtomicInteger conflicts = new AtomicInteger();
    List<long[]> acks = new CopyOnWriteArrayList<>();
    List<SQLException> otherCommitFailures = new CopyOnWriteArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(nodes.size() * WRITERS_PER_NODE);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < nodes.size() * WRITERS_PER_NODE; w++) {
        int node = w % nodes.size();
        WatchedCommits watched = connections.get(node);
        writers.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; !stop.get(); i++) {
                    long row = ThreadLocalRandom.current().nextLong(1, ROWS + 1);
                    watched.takeThisThreadsFailures();
                    long seen = version(jdbis.get(node), row);
                    boolean lastAttemptFailedAtCommit = false;
                    try {
                      RowVersion moved =
                          occs.get(node)
                              .update(ITEMS)
                              .set("name", "n" + node + "-" + i)
                              .whereId(row)
                              .expectVersion(seen)
                              .execute();
                      acks.add(new long[] {row, seen, moved.version()});
                    } catch (VersionConflictException e) {
                      conflicts.incrementAndGet();
                    } catch (TransientFailureException e) {
                      gaveUp.incrementAndGet();
                      lastAttemptFailedAtCommit = causedByAnyOf(e, watched);
                    }
                    List<SQLException> failed = watched.takeThisThreadsFailures();
                    failed.stream()
                        .filter(f -> f.getErrorCode() != 1213)
                        .forEach(otherCommitFailures::add);
                    long certification =
                        failed.stream().filter(f -> f.getErrorCode() == 1213).count();
                    retriedCommitFailures.addAndGet(
                        certification - (lastAttemptFailedAtCommit ? 1 : 0));
                  }
                  return null;
                }));
      }
      start.countDown();
      long giveUpAt = System.nanoTime() + RUN_AT_MOST.toNanos();
      while (System.nanoTime() < giveUpAt
          && connections.stream().mapToLong(c -> c.failures().size()).sum()
              < COMMIT_FAILURES_WANTED) {
        Thread.sleep(50);
      }
      stop.set(true);
      for (Future<?> writer : writers) {
        writer.get(2, TimeUnit.MINUTES);
      }
    } finally {
      stop.set(true);
      pool.shutdownNow();
      connections.forEach(WatchedCommits::close);
    }
    long[] conflictsAfter = galeraConflicts();
    long certFailures = conflictsAfter[0] - conflictsBefore[0];
    long bfAborts = conflictsAfter[1] - conflictsBefore[1];
    long commitFailures = connections.stream().mapToLong(c -> c.failures().size()).sum();
    Map<String, Long> reasons =
        listener.retries().stream()
            .collect(Collectors.groupingBy(Retry::reason, Collectors.counting()));
    System.out.printf(
        Locale.ROOT,
        "galera certification: %d acks, %d conflicts, %d gave up; %d COMMIT failures (%d retried), nodes"
            + " counted %d certification failures and %d brute-force aborts; retries by reason %s%n",
        acks.size(),
        conflicts.get(),
        gaveUp.get(),
        commitFailures,
        retriedCommitFailures.get(),
        certFailures,
        bfAborts,
        reasons);

    assertThat(otherCommitFailures).as("COMMIT failures other than 1213").isEmpty();
    assertThat(commitFailures)
        .as(
            "COMMITs that failed with 1213 in %s of contention; without any, there is nothing to test",
            RUN_AT_MOST)
        .isPositive();
    // Each is a conflict the nodes counted: a failed certification, or a local transaction aborted
    // at COMMIT for a replicated one that certified first (a brute-force abort, which may also hit
    // a transaction between statements, hence the upper bound only).
    assertThat(commitFailures)
        .as(
            "COMMIT failures against wsrep_local_cert_failures (%d) and wsrep_local_bf_aborts (%d)",
            certFailures, bfAborts)
        .isBetween(certFailures, certFailures + bfAborts);
    assertThat(reasons.getOrDefault("certification_failure", 0L))
        .as("retries counted as certification_failure, of %s", reasons)
        .isEqualTo(retriedCommitFailures.get());
    // The rest were raised by statements: a local transaction aborted for a replicated one.
    assertThat(reasons.keySet())
        .as("retry reasons")
        .isSubsetOf("certification_failure", "deadlock");
    Counter counted =
        registry
            .find(MicrometerOccListener.RETRIES_COUNTER)
            .tags("table", "items", "reason", "certification_failure")
            .counter();
    assertThat(counted == null ? 0 : counted.count())
        .as("occ.retries{reason=certification_failure}")
        .isEqualTo(retriedCommitFailures.get());
    // And nothing was lost on the way: every row moved once per acknowledgement, on every node.
    for (long row = 1; row <= ROWS; row++) {
      long r = row;
      long acknowledged = acks.stream().filter(a -> a[0] == r).count();
      assertThat(acks)
          .filteredOn(a -> a[0] == r)
          .allSatisfy(a -> assertThat(a[2]).isEqualTo(a[1] + 1));
      for (Jdbi jdbi : jdbis) {
        assertThat(version(jdbi, row)).as("row %d", row).isEqualTo(INITIAL_VERSION + acknowledged);
      }
    }
  }

  @Test
  void aDeadlockBetweenTwoTransactionsOnOneNodeIsCountedAsDeadlock() throws Exception {
    WatchedCommits watched =
        new WatchedCommits(GaleraNodes.inDatabase(nodes.get(0), database), "root", "");
    RecordingListener listener = new RecordingListener();
    Occ occ = Occ.builder(Jdbi.create(watched)).listener(listener).build();
    // Counted down once per transaction after it holds its first row lock; on a retry the latch is
    // already open, so the re-run goes straight through.
    CountDownLatch bothHoldOneLock = new CountDownLatch(2);
    AtomicInteger runs = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<List<Long>> forward =
          pool.submit(() -> occ.inTransaction(h -> transfer(occ, h, 1, 2, bothHoldOneLock, runs)));
      Future<List<Long>> backward =
          pool.submit(() -> occ.inTransaction(h -> transfer(occ, h, 2, 1, bothHoldOneLock, runs)));

      List<Long> a = forward.get(60, TimeUnit.SECONDS);
      List<Long> b = backward.get(60, TimeUnit.SECONDS);

      // One transaction committed both rows at 2; the victim, re-run after it, moved both to 3.
      assertThat(List.of(a, b)).containsExactlyInAnyOrder(List.of(2L, 2L), List.of(3L, 3L));
    } finally {
      pool.shutdownNow();
      watched.close();
    }
    assertThat(runs).as("transaction runs").hasValue(3);
    assertThat(watched.failures())
        .as("COMMIT failures: the deadlock is raised by a statement")
        .isEmpty();
    assertThat(listener.retries()).containsExactly(new Retry("items", "deadlock", 2));
  }

  /**
   * Locks and moves one row, waits until the other transaction holds its first lock, then the other
   * row.
   */
  private static List<Long> transfer(
      Occ occ, Handle h, long from, long to, CountDownLatch bothHoldOneLock, AtomicInteger runs)
      throws InterruptedException {
    runs.incrementAndGet();
    long first =
        h.createQuery("SELECT version FROM items WHERE id = ? FOR UPDATE")
            .bind(0, from)
            .mapTo(Long.class)
            .one();
    long v1 =
        occ.update(ITEMS)
            .set("name", "moved")
            .whereId(from)
            .expectVersion(first)
            .execute(h)
            .version();
    bothHoldOneLock.countDown();
    if (!bothHoldOneLock.await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the other transaction never took its first lock");
    }
    // A plain read, so the deadlock is raised by occ's UPDATE inside execute(handle).
    long second =
        h.createQuery("SELECT version FROM items WHERE id = ?").bind(0, to).mapTo(Long.class).one();
    long v2 =
        occ.update(ITEMS)
            .set("name", "moved")
            .whereId(to)
            .expectVersion(second)
            .execute(h)
            .version();
    return List.of(v1, v2);
  }

  /**
   * Returns whether the failure was caused by one of the COMMIT failures recorded on this thread.
   */
  private static boolean causedByAnyOf(Throwable failure, WatchedCommits watched) {
    List<SQLException> recorded = watched.thisThreadsFailures();
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      for (SQLException f : recorded) {
        if (t == f) {
          return true;
        }
      }
    }
    return false;
  }

  /** Sums wsrep_local_cert_failures and wsrep_local_bf_aborts over the nodes. */
  private long[] galeraConflicts() {
    long[] sums = new long[2];
    for (String node : nodes) {
      Map<String, String> status =
          GaleraCluster.status(node, List.of("wsrep_local_cert_failures", "wsrep_local_bf_aborts"));
      sums[0] += Long.parseLong(status.get("wsrep_local_cert_failures"));
      sums[1] += Long.parseLong(status.get("wsrep_local_bf_aborts"));
    }
    return sums;
  }

  private static long version(Jdbi jdbi, long row) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT version FROM items WHERE id = ?")
                .bind(0, row)
                .mapTo(Long.class)
                .one());
  }
}
