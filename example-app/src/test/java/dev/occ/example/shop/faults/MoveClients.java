package dev.occ.example.shop.faults;

import dev.occ.example.shop.support.Api;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Clients that keep moving a few cards through several app instances while a test breaks the
 * database under them, as staff at several screens would: each moves a card from the version it
 * last saw; on 409 it takes the current version from the answer; on 503 (or no answer at all) it
 * waits briefly and sends the same move again, with the same {@code Idempotency-Key} when it uses
 * keys. Every answer is recorded for the audit.
 */
final class MoveClients implements AutoCloseable {
  static final String[] STATUSES = {"SCHEDULED", "CHECKED_IN", "IN_PROGRESS", "READY", "COMPLETED"};

  /** How long one logical move keeps retrying after 503s before the client gives it up. */
  private static final Duration RETRY_BUDGET = Duration.ofSeconds(6);

  /** "Retry-After-ish, briefly": the header says 1 s; a busy board should not wait that long. */
  private static final long MAX_PAUSE_MILLIS = 200;

  /** Bounds each client whatever the clock does. */
  private static final int MAX_MOVES_PER_CLIENT = 5_000;

  private static final int TRANSPORT_ERROR = -1;

  /** One request of a move and its answer; status -1 is a transport error (no HTTP answer). */
  record Attempt(
      int status,
      @Nullable String code,
      @Nullable Long version,
      @Nullable Long currentVersion,
      long answeredAtNanos,
      @Nullable String problem) {

    boolean isTransportError() {
      return status == TRANSPORT_ERROR;
    }
  }

  /** One logical move (a card, the version it was seen at, a target status) and its attempts. */
  static final class Move {
    final long card;
    final long fromVersion;
    final String toStatus;
    final @Nullable String key;
    private final List<Attempt> attempts = new ArrayList<>();

    Move(long card, long fromVersion, String toStatus, @Nullable String key) {
      this.card = card;
      this.fromVersion = fromVersion;
      this.toStatus = toStatus;
      this.key = key;
    }

    synchronized List<Attempt> attempts() {
      return List.copyOf(attempts);
    }

    synchronized void add(Attempt a) {
      attempts.add(a);
    }

    /** The last answer, which ended the move. */
    synchronized Attempt last() {
      return attempts.get(attempts.size() - 1);
    }

    @Override
    public synchronized String toString() {
      return "card "
          + card
          + " v"
          + fromVersion
          + "->"
          + toStatus
          + (key == null ? "" : " key " + key)
          + " answers "
          + attempts.stream()
              .map(a -> a.status() + (a.code() == null ? "" : " " + a.code()))
              .toList();
    }
  }

  /** For each user, a client of every instance: a client is one user, on any instance. */
  private final List<List<Api>> byUser;

  private final List<Long> cards;
  private final int clients;
  private final boolean idempotencyKeys;
  private final List<Move> moves = Collections.synchronizedList(new ArrayList<>());
  private final ExecutorService pool;
  private final List<Future<?>> running = new ArrayList<>();
  private volatile boolean stopping;

  MoveClients(List<List<Api>> byUser, List<Long> cards, int clients, boolean idempotencyKeys) {
    this.byUser = List.copyOf(byUser);
    this.cards = List.copyOf(cards);
    this.clients = clients;
    this.idempotencyKeys = idempotencyKeys;
    this.pool = Executors.newFixedThreadPool(clients);
  }

  /** Starts the clients; each starts with every card at {@code initialVersion}. */
  void start(long initialVersion) {
    for (int c = 0; c < clients; c++) {
      // A retry keeps its user: an Idempotency-Key belongs to the user who sent it first.
      List<Api> instances = byUser.get(c % byUser.size());
      running.add(pool.submit(() -> client(instances, initialVersion)));
    }
  }

  /** Lets each client finish the move it is on (retries included) and start no new one. */
  void stopAndAwait() throws Exception {
    stopping = true;
    for (Future<?> f : running) {
      // A move retries for at most RETRY_BUDGET after its first answer, each request at most 30 s.
      f.get(RETRY_BUDGET.toSeconds() + 70, TimeUnit.SECONDS);
    }
  }

  /** Returns every logical move so far. */
  List<Move> moves() {
    synchronized (moves) {
      return List.copyOf(moves);
    }
  }

  /** Returns how many moves were answered 200 so far. */
  long acknowledged() {
    return moves().stream()
        .filter(m -> m.attempts().stream().anyMatch(a -> a.status() == 200))
        .count();
  }

  /** Returns when the first 200 answered at or after {@code nanos} arrived, or null if none did. */
  @Nullable Long firstSuccessAtOrAfter(long nanos) {
    Long first = null;
    for (Move m : moves()) {
      for (Attempt a : m.attempts()) {
        if (a.status() == 200
            && a.answeredAtNanos() >= nanos
            && (first == null || a.answeredAtNanos() < first)) {
          first = a.answeredAtNanos();
        }
      }
    }
    return first;
  }

  @Override
  public void close() {
    stopping = true;
    pool.shutdownNow();
  }

  private void client(List<Api> instances, long initialVersion) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Map<Long, Long> seen = new HashMap<>();
    cards.forEach(card -> seen.put(card, initialVersion));
    for (int i = 0; i < MAX_MOVES_PER_CLIENT && !stopping; i++) {
      long card = cards.get(random.nextInt(cards.size()));
      Move move =
          new Move(
              card,
              seen.get(card),
              STATUSES[random.nextInt(STATUSES.length)],
              idempotencyKeys ? UUID.randomUUID().toString() : null);
      moves.add(move);
      Long learned = perform(instances, move, random);
      if (learned != null) {
        seen.put(card, learned);
      }
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
    }
  }

  /** Sends the move until it has an answer that ends it; returns the card's version it learned. */
  private @Nullable Long perform(List<Api> instances, Move move, ThreadLocalRandom random) {
    long giveUpAt = 0;
    while (true) {
      // A load balancer may send each retry to another instance.
      Api api = instances.get(random.nextInt(instances.size()));
      Attempt a = send(api, move);
      move.add(a);
      if (a.status() == 200) {
        return a.version();
      }
      if (a.status() == 409 && a.currentVersion() != null) {
        return a.currentVersion();
      }
      boolean retryable =
          a.status() == 503
              || a.isTransportError()
              || (a.status() == 409 && "IDEMPOTENCY_KEY_IN_USE".equals(a.code()));
      if (giveUpAt == 0) {
        giveUpAt = a.answeredAtNanos() + RETRY_BUDGET.toNanos();
      }
      if (!retryable || System.nanoTime() > giveUpAt) {
        return null;
      }
      try {
        Thread.sleep(MAX_PAUSE_MILLIS / 2 + random.nextLong(MAX_PAUSE_MILLIS / 2 + 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  private Attempt send(Api api, Move move) {
    var request =
        api.request("/api/admin/appointments/" + move.card + "/move")
            .header("Content-Type", "application/json")
            .POST(
                Api.body(
                    "{\"status\":\"" + move.toStatus + "\",\"version\":" + move.fromVersion + "}"));
    if (move.key != null) {
      request.header("Idempotency-Key", move.key);
    }
    Api.Reply reply;
    try {
      reply = api.send(request);
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof IOException) {
        return new Attempt(
            TRANSPORT_ERROR, null, null, null, System.nanoTime(), e.getCause().toString());
      }
      throw e;
    }
    long at = System.nanoTime();
    JsonNode json;
    try {
      json = reply.json();
    } catch (RuntimeException notJson) {
      return new Attempt(reply.status(), null, null, null, at, snippet(reply.body()));
    }
    if (reply.status() == 200) {
      return new Attempt(200, null, json.get("data").get("version").longValue(), null, at, null);
    }
    JsonNode error = json.get("error");
    String code =
        error == null || error.get("code") == null ? null : error.get("code").stringValue();
    Long current =
        error == null
                || error.get("current_version") == null
                || error.get("current_version").isNull()
            ? null
            : error.get("current_version").longValue();
    boolean expected = reply.status() == 409 || reply.status() == 503;
    return new Attempt(
        reply.status(), code, null, current, at, expected ? null : snippet(reply.body()));
  }

  private static String snippet(String body) {
    return body.length() <= 300 ? body : body.substring(0, 300) + "…";
  }
}
