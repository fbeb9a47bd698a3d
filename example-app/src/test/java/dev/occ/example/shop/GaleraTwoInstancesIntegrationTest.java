package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.Occ;
import dev.occ.example.shop.appointments.Status;
import dev.occ.example.shop.support.Api;
import dev.occ.example.shop.support.Appointments;
import dev.occ.example.shop.support.ConcurrentMoves;
import dev.occ.example.shop.support.Users;
import dev.occ.testing.GaleraNodes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two app instances, each on another node of the three-node Galera cluster ({@code
 * OCC_TEST_GALERA_URLS}, started by {@code scripts/galera/cluster.sh start}). Two moves of one card
 * on two nodes can both pass their versioned UPDATE locally; Galera's certification lets the first
 * to commit win and fails the other at COMMIT with 1213, which occ retries (reason {@code
 * certification_failure}); the retry reads the winner's version and answers 409. Whatever the
 * interleaving, no acknowledged move may be lost or doubled, and the only answers are 200, 409 and
 * 503.
 */
class GaleraTwoInstancesIntegrationTest {
  private static final int RACES = 20;

  private static List<String> nodes;
  private static String database;
  private static ConfigurableApplicationContext first;
  private static ConfigurableApplicationContext second;
  private static Appointments rows;
  private static List<Api> instances;

  @BeforeAll
  static void startOnTwoNodes() throws SQLException {
    nodes = GaleraNodes.urls();
    assertThat(nodes).as("OCC_TEST_GALERA_URLS").hasSizeGreaterThanOrEqualTo(2);
    database = "shop_galera_" + UUID.randomUUID().toString().substring(0, 8);
    execute(nodes.get(0), "CREATE DATABASE " + database);
    // One after the other: the first runs the migrations, the second finds them done.
    first = start(nodes.get(0));
    second = start(nodes.get(1));
    rows = new Appointments(first.getBean(Occ.class));
    Users.signUp(first);
    // Two users of one shop, one through each node.
    instances =
        List.of(
            Api.as(MariaDbTwoInstancesIntegrationTest.port(first), Users.NORTH_ADVISOR),
            Api.as(MariaDbTwoInstancesIntegrationTest.port(second), Users.NORTH_ADVISOR_2));
  }

  @AfterAll
  static void stopAndDrop() throws SQLException {
    try {
      System.out.printf(
          "Galera: transactions retried by reason: %s on %s, %s on %s%n",
          retries(first), nodeName(first), retries(second), nodeName(second));
    } finally {
      if (second != null) {
        second.close();
      }
      if (first != null) {
        first.close();
      }
      if (database != null) {
        execute(nodes.get(0), "DROP DATABASE IF EXISTS " + database);
      }
    }
  }

  @Test
  void theInstancesRunOnDifferentNodes() throws SQLException {
    assertThat(nodeName(first)).isNotEqualTo(nodeName(second));
  }

  @Test
  void movesThroughTwoNodesLoseNothing() throws Exception {
    Instant start = Instant.now();
    List<Long> cards =
        List.of(
            rows.create(Status.SCHEDULED, start),
            rows.create(Status.SCHEDULED, start),
            rows.create(Status.SCHEDULED, start));

    ConcurrentMoves.Outcome outcome =
        ConcurrentMoves.run(instances, cards, 1, 8, Duration.ofSeconds(5));

    ConcurrentMoves.assertNothingLostAllowingRefusals(
        outcome, cards, 1, "SCHEDULED", rows, instances.get(1));
  }

  @Test
  void aMoveRacedOnTwoNodesIsAcknowledgedOnceAndTheOtherToldTheTruth() throws Exception {
    for (int race = 0; race < RACES; race++) {
      long card = rows.create(Status.SCHEDULED, Instant.now());
      CyclicBarrier together = new CyclicBarrier(2);
      CompletableFuture<Api.Reply> viaFirst =
          CompletableFuture.supplyAsync(() -> moveAfter(together, instances.get(0), card, "READY"));
      CompletableFuture<Api.Reply> viaSecond =
          CompletableFuture.supplyAsync(
              () -> moveAfter(together, instances.get(1), card, "CHECKED_IN"));
      List<Api.Reply> replies =
          List.of(viaFirst.get(60, TimeUnit.SECONDS), viaSecond.get(60, TimeUnit.SECONDS));

      List<Api.Reply> moved = replies.stream().filter(r -> r.status() == 200).toList();
      assertThat(moved)
          .as("race %s: one move acknowledged, of %s", race, bodies(replies))
          .hasSize(1);
      String winner = moved.get(0).data().get("status").stringValue();
      Api.Reply other = replies.get(replies.get(0).status() == 200 ? 1 : 0);
      if (other.status() == 409) {
        assertThat(other.error().get("current_version").longValue()).isEqualTo(2);
        assertThat(other.error().get("current").get("status").stringValue()).isEqualTo(winner);
      } else {
        assertThat(other.status()).as(other.body()).isEqualTo(503);
        assertThat(other.error().get("code").stringValue()).isEqualTo("TRANSIENT_FAILURE");
      }
      assertThat(rows.version(card)).isEqualTo(2);
      assertThat(rows.status(card)).isEqualTo(winner);
      JsonNode history = instances.get(1).history(card).data().get("moves");
      assertThat(history.size()).isEqualTo(1);
      assertThat(history.get(0).get("to_status").stringValue()).isEqualTo(winner);
    }
  }

  private static Api.Reply moveAfter(CyclicBarrier together, Api api, long card, String status) {
    try {
      together.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the other mover did not come", e);
    }
    return api.move(card, status, 1);
  }

  private static List<String> bodies(List<Api.Reply> replies) {
    List<String> bodies = new ArrayList<>();
    replies.forEach(r -> bodies.add(r.status() + " " + r.body()));
    return bodies;
  }

  private static ConfigurableApplicationContext start(String node) {
    return MariaDbTwoInstancesIntegrationTest.start(
        MariaDbProperties.of(GaleraNodes.inDatabase(node, database), "root", ""));
  }

  private static String nodeName(ConfigurableApplicationContext context) throws SQLException {
    try (Connection c = context.getBean(DataSource.class).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT @@wsrep_node_name")) {
      rs.next();
      return rs.getString(1).toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Returns occ.retries by reason: {@code certification_failure} for a 1213 at COMMIT, {@code
   * deadlock} for one raised by a statement (a local transaction that a replicated write aborted).
   */
  private static Map<String, Long> retries(ConfigurableApplicationContext context) {
    Map<String, Long> byReason = new TreeMap<>();
    for (Counter c : context.getBean(MeterRegistry.class).find("occ.retries").counters()) {
      byReason.merge(String.valueOf(c.getId().getTag("reason")), (long) c.count(), Long::sum);
    }
    return byReason;
  }

  private static void execute(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "root", "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
