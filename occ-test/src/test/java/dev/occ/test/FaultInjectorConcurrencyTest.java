package dev.occ.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A fault armed to fire k times fires exactly k times however many threads race for it, and counts
 * every matching execution: the counters a test asserts on are exact, not approximate.
 */
class FaultInjectorConcurrencyTest {
  private final H2Items db = H2Items.create();

  @Test
  void aBudgetIsSpentExactlyOnceAcrossThreads() {
    qt().withExamples(25)
        .forAll(integers().between(1, 30), integers().between(2, 6), integers().between(1, 12))
        .checkAssert(this::race);
  }

  private void race(int budget, int threads, int perThread) {
    FaultInjector faults = FaultInjector.create();
    DataSource dataSource = faults.wrap(db.dataSource());
    InjectedFault fault = faults.failStatements("^SELECT 1").times(budget).withSqlState("40001");
    AtomicInteger thrown = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  try (Connection c = dataSource.getConnection();
                      Statement s = c.createStatement()) {
                    for (int i = 0; i < perThread; i++) {
                      try {
                        s.executeQuery("SELECT 1").close();
                        s.executeQuery("SELECT 2").close(); // never matches
                      } catch (SQLException e) {
                        assertThat(e.getSQLState()).isEqualTo("40001");
                        thrown.incrementAndGet();
                      }
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      pool.shutdownNow();
    }
    int executions = threads * perThread;
    int expected = Math.min(budget, executions);
    assertThat(thrown.get()).isEqualTo(expected);
    assertThat(fault.injected()).isEqualTo(expected);
    assertThat(fault.matched()).isEqualTo(executions);
    assertThat(fault.remaining()).isEqualTo(budget - expected);
    assertThat(faults.statementFailures()).isEqualTo(expected);
  }
}
