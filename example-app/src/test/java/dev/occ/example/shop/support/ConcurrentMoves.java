package dev.occ.example.shop.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Many clients moving a few cards at once through one or more app instances, each client acting on
 * the version it last saw, as people at several screens do; then the invariants of DESIGN.md
 * checked on what the server acknowledged and what it recorded.
 */
public final class ConcurrentMoves {
  private static final String[] STATUSES = {
    "SCHEDULED", "CHECKED_IN", "IN_PROGRESS", "READY", "COMPLETED"
  };

  /** Bounds each client's loop whatever the clock does. */
  private static final int MAX_REQUESTS_PER_CLIENT = 20_000;

  /** A move the server acknowledged with 200. */
  public record Ack(long card, long sentVersion, long version, String status) {}

  /** An answer that was neither 200 nor 409. */
  public record Unexpected(long card, int status, String body) {}

  /** What all clients saw. */
  public record Outcome(List<Ack> acks, int conflicts, List<Unexpected> unexpected) {}

  private ConcurrentMoves() {}

  /**
   * Runs {@code clients} threads for about {@code duration}, each sending moves of random cards to
   * random statuses through a random one of the instances.
   */
  public static Outcome run(
      List<Api> instances, List<Long> cards, long initialVersion, int clients, Duration duration)
      throws Exception {
    List<Ack> acks = Collections.synchronizedList(new ArrayList<>());
    List<Unexpected> unexpected = Collections.synchronizedList(new ArrayList<>());
    long deadline = System.nanoTime() + duration.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Integer>> conflicts = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        conflicts.add(
            pool.submit(
                () -> client(instances, cards, initialVersion, deadline, acks, unexpected)));
      }
      int total = 0;
      for (Future<Integer> f : conflicts) {
        total += f.get(duration.toSeconds() + 60, TimeUnit.SECONDS);
      }
      System.out.printf(
          "%d clients, %d instance(s), %d cards, %s: %d moves acknowledged, %d conflicts, %d other%n",
          clients, instances.size(), cards.size(), duration, acks.size(), total, unexpected.size());
      return new Outcome(List.copyOf(acks), total, List.copyOf(unexpected));
    } finally {
      pool.shutdownNow();
    }
  }

  private static int client(
      List<Api> instances,
      List<Long> cards,
      long initialVersion,
      long deadline,
      List<Ack> acks,
      List<Unexpected> unexpected) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Map<Long, Long> seen = new HashMap<>();
    cards.forEach(card -> seen.put(card, initialVersion));
    int conflicts = 0;
    for (int i = 0; i < MAX_REQUESTS_PER_CLIENT && System.nanoTime() < deadline; i++) {
      long card = cards.get(random.nextInt(cards.size()));
      String status = STATUSES[random.nextInt(STATUSES.length)];
      long sent = seen.get(card);
      Api.Reply reply = instances.get(random.nextInt(instances.size())).move(card, status, sent);
      if (reply.status() == 200) {
        long version = reply.data().get("version").longValue();
        acks.add(new Ack(card, sent, version, reply.data().get("status").stringValue()));
        seen.put(card, version);
      } else if (reply.status() == 409) {
        conflicts++;
        seen.put(card, reply.error().get("current_version").longValue());
      } else {
        unexpected.add(new Unexpected(card, reply.status(), reply.body()));
      }
    }
    return conflicts;
  }

  /**
   * Checks DESIGN.md's "no lost update" on the acknowledgements, the rows and the history: each
   * acknowledged version is the sent one + 1 and unique, the final version is the initial one plus
   * the number of acknowledgements, and the history is one gap-free, fork-free chain of exactly the
   * acknowledged moves.
   */
  public static void assertNothingLost(
      Outcome outcome,
      List<Long> cards,
      long initialVersion,
      String initialStatus,
      Appointments rows,
      Api api) {
    assertThat(outcome.unexpected()).as("answers other than 200 and 409").isEmpty();
    assertChains(outcome, cards, initialVersion, initialStatus, rows, api);
  }

  /**
   * As {@link #assertNothingLost}, where a move may also be refused with 503 {@code
   * TRANSIENT_FAILURE} or {@code DATABASE_UNAVAILABLE}, as on a Galera cluster when certification
   * failures outlast occ's retries: such a move changed nothing, which the history check proves (it
   * holds exactly the acknowledged moves). An unknown outcome (503 {@code OUTCOME_UNKNOWN}) is not
   * allowed: it would leave a recorded move that no answer accounts for.
   */
  public static void assertNothingLostAllowingRefusals(
      Outcome outcome,
      List<Long> cards,
      long initialVersion,
      String initialStatus,
      Appointments rows,
      Api api) {
    assertThat(outcome.unexpected())
        .as("answers other than 200, 409 and 503 TRANSIENT_FAILURE/DATABASE_UNAVAILABLE")
        .allSatisfy(
            u -> {
              assertThat(u.status()).isEqualTo(503);
              assertThat(
                      new Api.Reply(u.status(), null, u.body()).error().get("code").stringValue())
                  .isIn("TRANSIENT_FAILURE", "DATABASE_UNAVAILABLE");
            });
    assertChains(outcome, cards, initialVersion, initialStatus, rows, api);
  }

  private static void assertChains(
      Outcome outcome,
      List<Long> cards,
      long initialVersion,
      String initialStatus,
      Appointments rows,
      Api api) {
    assertThat(outcome.acks()).as("acknowledged moves").isNotEmpty();
    assertThat(outcome.conflicts()).as("conflicts: the clients did contend").isPositive();
    for (Ack ack : outcome.acks()) {
      assertThat(ack.version())
          .as("acknowledged version of %s", ack)
          .isEqualTo(ack.sentVersion() + 1);
    }
    for (long card : cards) {
      List<Ack> mine = outcome.acks().stream().filter(a -> a.card() == card).toList();
      Set<Long> versions = new HashSet<>();
      mine.forEach(
          a ->
              assertThat(versions.add(a.version()))
                  .as("version %s acknowledged twice", a.version())
                  .isTrue());
      assertThat(rows.version(card))
          .as("final version of card %s", card)
          .isEqualTo(initialVersion + mine.size());
      assertChain(
          api.history(card).data().get("moves"),
          mine,
          initialVersion,
          initialStatus,
          rows.status(card));
    }
  }

  private static void assertChain(
      JsonNode moves,
      List<Ack> acks,
      long initialVersion,
      String initialStatus,
      String finalStatus) {
    assertThat(moves.size()).as("history entries").isEqualTo(acks.size());
    Map<Long, String> acknowledged = new HashMap<>();
    acks.forEach(a -> acknowledged.put(a.version(), a.status()));
    long version = initialVersion;
    String status = initialStatus;
    for (JsonNode move : moves) {
      assertThat(move.get("from_version").longValue())
          .as("from_version links to the previous move")
          .isEqualTo(version);
      assertThat(move.get("to_version").longValue()).as("one step").isEqualTo(version + 1);
      assertThat(move.get("from_status").stringValue())
          .as("from_status at version %s", version)
          .isEqualTo(status);
      version = move.get("to_version").longValue();
      status = move.get("to_status").stringValue();
      assertThat(acknowledged.get(version))
          .as("the move to version %s is the acknowledged one", version)
          .isEqualTo(status);
    }
    assertThat(status).as("last move's status is the row's").isEqualTo(finalStatus);
  }
}
