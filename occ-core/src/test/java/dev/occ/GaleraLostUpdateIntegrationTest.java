package dev.occ;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.testing.GaleraNodes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Invariant 1 on a multi-primary Galera cluster: writers on three nodes move one row at the version
 * each last read. Conflicts are detected twice — by the versioned UPDATE where the competing write
 * has already replicated, by Galera's certification at COMMIT (1213 / 40001, the transaction rolled
 * back) where it has not — and neither may lose an acknowledged update or acknowledge one twice.
 */
class GaleraLostUpdateIntegrationTest {
  private static final VersionedTable ITEMS = VersionedTable.of("items");
  private static final int WRITERS_PER_NODE = 2;
  private static final int MOVES_PER_WRITER = 40;

  private final String database = "occ_galera_" + UUID.randomUUID().toString().substring(0, 8);
  private List<String> nodes;

  @BeforeEach
  void createTable() throws SQLException {
    nodes = GaleraNodes.urls();
    try (Connection c = DriverManager.getConnection(nodes.get(0), "root", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
      s.execute(
          "CREATE TABLE "
              + database
              + ".items (id BIGINT PRIMARY KEY, counter BIGINT NOT NULL,"
              + " version BIGINT NOT NULL, updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6))");
      s.execute("INSERT INTO " + database + ".items (id, counter, version) VALUES (1, 0, 1)");
    }
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    GaleraNodes.dropDatabase(nodes.get(0), database);
  }

  @Test
  void writersOnEveryNodeNeverLoseOrDuplicateAnAcknowledgedUpdate() throws Exception {
    Map<String, AtomicInteger> retries = new ConcurrentHashMap<>();
    List<long[]> acknowledged = new CopyOnWriteArrayList<>();
    AtomicInteger conflicts = new AtomicInteger();
    AtomicInteger gaveUp = new AtomicInteger();
    List<Jdbi> jdbis = new ArrayList<>();
    List<Occ> occs = new ArrayList<>();
    for (int n = 0; n < nodes.size(); n++) {
      Jdbi jdbi = Jdbi.create(GaleraNodes.inDatabase(nodes.get(n), database), "root", "");
      jdbis.add(jdbi);
      occs.add(
          Occ.builder(jdbi)
              .name("node" + (n + 1))
              .retryPolicy(RetryPolicy.builder().maxAttempts(4).build())
              .listener(
                  new OccListener() {
                    @Override
                    public void retrying(String table, String reason, int attempt) {
                      retries.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
                    }
                  })
              .build());
    }
    ExecutorService pool = Executors.newFixedThreadPool(nodes.size() * WRITERS_PER_NODE);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> writers = new ArrayList<>();
    for (int w = 0; w < nodes.size() * WRITERS_PER_NODE; w++) {
      Jdbi jdbi = jdbis.get(w % nodes.size());
      Occ occ = occs.get(w % nodes.size());
      writers.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < MOVES_PER_WRITER; i++) {
                  long seen = version(jdbi);
                  try {
                    RowVersion moved =
                        occ.update(ITEMS)
                            .set("counter", seen)
                            .whereId(1L)
                            .expectVersion(seen)
                            .execute();
                    acknowledged.add(new long[] {seen, moved.version()});
                  } catch (VersionConflictException e) {
                    assertThat(e.actualVersion()).isNotEqualTo(seen);
                    conflicts.incrementAndGet();
                  } catch (TransientFailureException e) {
                    gaveUp.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> writer : writers) {
      writer.get(3, TimeUnit.MINUTES);
    }
    pool.shutdown();

    assertThat(acknowledged).allSatisfy(a -> assertThat(a[1]).isEqualTo(a[0] + 1));
    assertThat(acknowledged.stream().map(a -> a[1]).distinct().count())
        .isEqualTo(acknowledged.size());
    for (Jdbi jdbi : jdbis) {
      // wsrep_sync_wait=1: every node's read waits until it has applied what the cluster committed.
      assertThat(version(jdbi)).isEqualTo(1L + acknowledged.size());
    }
    assertThat(acknowledged).isNotEmpty();
    System.out.printf(
        Locale.ROOT,
        "galera: %d acknowledged, %d conflicts, %d gave up after retries, retries by reason %s%n",
        acknowledged.size(),
        conflicts.get(),
        gaveUp.get(),
        retries);
  }

  private static long version(Jdbi jdbi) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT version FROM items WHERE id = 1").mapTo(Long.class).one());
  }
}
