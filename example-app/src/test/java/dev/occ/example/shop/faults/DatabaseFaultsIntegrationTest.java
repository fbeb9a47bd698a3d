package dev.occ.example.shop.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.example.shop.ShopProperties;
import dev.occ.testing.FaultCluster;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * PostgreSQL fails under load while two app instances serve eight clients: it restarts, crashes,
 * ends the apps' sessions, or cannot keep pace. Whatever happens, the apps answer only 200, 409 or
 * 503 (never 500), lose and double no acknowledged move, and serve moves again within seconds of
 * the fault's end. The order only makes the report read a to f.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseFaultsIntegrationTest {
  private static final String START_TIME =
      "SELECT (extract(epoch FROM pg_postmaster_start_time()) * 1000000)::bigint";

  private static ShopFleet fleet;

  @BeforeAll
  static void startApps() throws Exception {
    fleet = ShopFleet.direct();
  }

  @AfterAll
  static void stopApps() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void aFastRestartUnderLoadLosesNothingAndRecovers() throws Exception {
    FaultRun.Result result =
        FaultRun.named("a) fast restart")
            .run(
                fleet,
                context -> {
                  long before = FaultRun.queryLong(context.database(), START_TIME);
                  FaultCluster.restartFast();
                  assertThat(FaultRun.queryLong(context.database(), START_TIME))
                      .as("the server was restarted")
                      .isNotEqualTo(before);
                });
    result.assertInvariants();
  }

  @Test
  @Order(2)
  void anImmediateStopAndStartUnderLoadLosesNothingAndRecovers() throws Exception {
    FaultRun.Result result =
        FaultRun.named("b) immediate stop, 1 s down, start")
            .run(
                fleet,
                context -> {
                  long before = FaultRun.queryLong(context.database(), START_TIME);
                  FaultCluster.stopImmediate();
                  // Down long enough for requests to find it down.
                  Thread.sleep(1000);
                  FaultCluster.start();
                  assertThat(FaultRun.queryLong(context.database(), START_TIME))
                      .as("the server was restarted")
                      .isNotEqualTo(before);
                });
    result.assertInvariants();
  }

  @Test
  @Order(3)
  void terminatedSessionsUnderLoadLoseNothingAndRecover() throws Exception {
    FaultRun.Result result =
        FaultRun.named("c) pg_terminate_backend of the apps' sessions, 3 rounds")
            .run(
                fleet,
                context -> {
                  int terminated = 0;
                  for (int round = 0; round < 3; round++) {
                    terminated += FaultCluster.terminateBackends(context.database().name());
                    Thread.sleep(300);
                  }
                  assertThat(terminated).as("sessions of the apps that were ended").isPositive();
                });
    result.assertInvariants();
  }

  @Test
  @Order(4)
  void anExhaustedPoolAnswers503AndLosesNothing() throws Exception {
    FaultRun.Result result =
        FaultRun.named("e) every pooled connection in pg_sleep past the pool's timeout")
            .run(fleet, context -> hogEveryConnection(context.apps()));
    assertThat(result.findings().answersByStatus().getOrDefault(503, 0))
        .as("requests that found no free connection")
        .isPositive();
    result.assertInvariants();
  }

  @Test
  @Order(5)
  void movesWaitingOnALockPastTheStatementTimeoutAnswer503AndLoseNothing() throws Exception {
    Duration timeout = fleet.apps().get(0).getBean(ShopProperties.class).statementTimeout();
    Duration hold = timeout.plusSeconds(1);
    FaultRun.Result result =
        FaultRun.named(
                "f) cards locked "
                    + hold.toMillis()
                    + " ms, statement timeout "
                    + timeout.toMillis()
                    + " ms")
            .run(fleet, context -> lockCards(context, hold));
    assertThat(result.findings().answersByStatus().getOrDefault(503, 0))
        .as("moves that gave up waiting for the lock")
        .isPositive();
    result.assertInvariants();
  }

  /** Locks every card of the case, as a stuck session would, for the given time. */
  private static void lockCards(FaultRun.Context context, Duration hold) throws Exception {
    try (Connection c = context.database().connect()) {
      c.setAutoCommit(false);
      Array ids = c.createArrayOf("bigint", context.cards().toArray());
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT count(*) FROM (SELECT id FROM appointments WHERE id = ANY(?) FOR UPDATE) l")) {
        ps.setArray(1, ids);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertThat(rs.getInt(1)).as("cards locked").isEqualTo(context.cards().size());
        }
      }
      Thread.sleep(hold.toMillis());
      c.rollback();
    }
  }

  /**
   * Takes every connection of every app's pool at once and keeps each busy with a statement that
   * outlasts the pool's connection timeout; returns when all are back in their pools.
   */
  private static void hogEveryConnection(List<ConfigurableApplicationContext> apps)
      throws Exception {
    List<DataSource> slots = new ArrayList<>();
    long longestWaitMillis = 0;
    for (ConfigurableApplicationContext app : apps) {
      var env = app.getEnvironment();
      int size =
          env.getRequiredProperty("spring.datasource.hikari.maximum-pool-size", Integer.class);
      longestWaitMillis =
          Math.max(
              longestWaitMillis,
              env.getRequiredProperty("spring.datasource.hikari.connection-timeout", Long.class));
      for (int i = 0; i < size; i++) {
        slots.add(app.getBean(DataSource.class));
      }
    }
    double seconds = (longestWaitMillis + 1000) / 1000.0;
    CountDownLatch allHeld = new CountDownLatch(slots.size());
    ExecutorService hogs = Executors.newFixedThreadPool(slots.size());
    try {
      List<Future<Boolean>> done = new ArrayList<>();
      for (DataSource pool : slots) {
        done.add(hogs.submit(() -> hog(pool, allHeld, seconds)));
      }
      for (Future<Boolean> f : done) {
        assertThat(f.get(60, TimeUnit.SECONDS))
            .as("every connection of every pool held at once")
            .isTrue();
      }
    } finally {
      hogs.shutdownNow();
    }
  }

  private static boolean hog(DataSource pool, CountDownLatch allHeld, double seconds)
      throws Exception {
    Connection c = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (c == null) {
      try {
        c = pool.getConnection();
      } catch (SQLException busy) {
        // The clients hold them; each comes back within milliseconds.
        if (System.nanoTime() > deadline) {
          throw busy;
        }
      }
    }
    try (Connection held = c) {
      allHeld.countDown();
      if (!allHeld.await(20, TimeUnit.SECONDS)) {
        return false;
      }
      try (PreparedStatement ps = held.prepareStatement("SELECT pg_sleep(?)")) {
        ps.setDouble(1, seconds);
        ps.execute();
      }
      return true;
    }
  }
}
