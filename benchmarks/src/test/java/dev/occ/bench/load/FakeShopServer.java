package dev.occ.bench.load;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A TEST DOUBLE of the example app's HTTP contract (DESIGN.md), in memory, for testing the load
 * tool itself: its requests, its re-sync on 409, its statistics and its audit. It says nothing
 * about the real app's speed or correctness; only a run against the real app does.
 *
 * <p>Besides the correct behaviour it can misbehave on purpose, so the audit is shown to catch lost
 * moves: {@link Behaviour#LAST_WRITE_WINS} ignores the version, {@link Behaviour#DROPS_HISTORY}
 * forgets to record some moves.
 */
final class FakeShopServer implements AutoCloseable {
  static final List<String> STATUSES =
      List.of("SCHEDULED", "CHECKED_IN", "IN_PROGRESS", "READY", "COMPLETED");

  private static final Pattern MOVE = Pattern.compile("/api/admin/appointments/([^/]+)/move");
  private static final Pattern HISTORY = Pattern.compile("/api/admin/appointments/([^/]+)/history");

  enum Behaviour {
    /** Optimistic concurrency as the contract demands. */
    CORRECT,
    /** Every move succeeds whatever version it sends: the shop's original bug. */
    LAST_WRITE_WINS,
    /** Acknowledges every move but leaves every tenth out of the history. */
    DROPS_HISTORY
  }

  static {
    // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm
    // and the client's delayed ACK add ~40 ms to every response. Read once, when the first
    // server is created, hence here.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final Behaviour behaviour;
  private final Map<String, CardState> cards;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);
  private long moves;
  private volatile @Nullable Map<String, String> passwords;
  private volatile long healthyMoves = Long.MAX_VALUE;
  private final AtomicLong moveRequests = new AtomicLong();
  private volatile long slowForNanos;
  private volatile long slowDelayMillis;
  private final AtomicLong firstMoveAt = new AtomicLong(Long.MIN_VALUE);

  private static final class CardState {
    final String id;
    String status;
    long version = 1;
    Instant updatedAt = Instant.now();
    final List<Map<String, Object>> history = new ArrayList<>();

    CardState(String id, String status) {
      this.id = id;
      this.status = status;
    }

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("appointment_id", id);
      m.put("status", status);
      m.put("version", version);
      m.put("updated_at", updatedAt.toString());
      m.put("customer_name", "Customer " + id);
      m.put("vehicle", "Vehicle " + id);
      m.put("start_ts", LocalDate.now().atStartOfDay().toString());
      return m;
    }
  }

  FakeShopServer(int cardCount, Behaviour behaviour) throws IOException {
    this(behaviour, new TreeMap<>());
    for (int i = 1; i <= cardCount; i++) {
      String id = Integer.toString(i);
      cards.put(id, new CardState(id, STATUSES.get(i % STATUSES.size())));
    }
  }

  private FakeShopServer(Behaviour behaviour, Map<String, CardState> cards) throws IOException {
    this.behaviour = behaviour;
    this.cards = cards;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /**
   * A second server on the same cards, as a second app on the same database: its moves, versions
   * and history are this one's.
   */
  FakeShopServer sibling() throws IOException {
    return new FakeShopServer(behaviour, cards);
  }

  /**
   * From now on every request needs HTTP Basic credentials of one of these users (name to
   * password), else 401; users whose name ends in {@code -viewer} get 403 on a move.
   */
  FakeShopServer requireUsers(Map<String, String> passwords) {
    this.passwords = Map.copyOf(passwords);
    return this;
  }

  /**
   * From the (n + 1)-th move request on, this server answers every move with 500 before touching
   * the card, as an app that has run out of something; boards and histories keep working. A
   * deterministic way to make a target unsustainable past a point of a stepping run.
   */
  FakeShopServer failMovesAfter(long n) {
    this.healthyMoves = n;
    return this;
  }

  /**
   * Every move that arrives within {@code period} of the first move waits {@code delay} before it
   * is answered, as an app that is overloaded at first and then keeps up.
   */
  FakeShopServer slowMovesAtFirst(Duration period, Duration delay) {
    this.slowDelayMillis = delay.toMillis();
    this.slowForNanos = period.toNanos();
    return this;
  }

  /** Move requests this server has received. */
  long moveRequests() {
    return moveRequests.get();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      Matcher move = MOVE.matcher(path);
      Matcher history = HISTORY.matcher(path);
      String user = user(ex);
      if (passwords != null && user == null) {
        send(ex, 401, error("UNAUTHENTICATED", "sign in"));
      } else if (move.matches() && user != null && user.endsWith("-viewer")) {
        send(ex, 403, error("FORBIDDEN", "viewers may not move cards"));
      } else if (path.equals("/api/admin/appointments/board")
          && ex.getRequestMethod().equals("GET")) {
        board(ex);
      } else if (move.matches() && ex.getRequestMethod().equals("POST")) {
        move(ex, move.group(1));
      } else if (history.matches() && ex.getRequestMethod().equals("GET")) {
        history(ex, history.group(1));
      } else {
        send(ex, 404, error("NOT_FOUND", "no such endpoint"));
      }
    }
  }

  /** The user whose Basic credentials are right, or null. */
  private @Nullable String user(HttpExchange ex) {
    Map<String, String> known = passwords;
    String header = ex.getRequestHeaders().getFirst("Authorization");
    if (known == null || header == null || !header.startsWith("Basic ")) {
      return null;
    }
    String pair;
    try {
      pair = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = pair.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String name = pair.substring(0, colon);
    return pair.substring(colon + 1).equals(known.get(name)) ? name : null;
  }

  private void board(HttpExchange ex) throws IOException {
    String query = ex.getRequestURI().getQuery();
    try {
      LocalDate from = null;
      LocalDate to = null;
      for (String pair : query == null ? new String[0] : query.split("&")) {
        String[] kv = pair.split("=", 2);
        if (kv[0].equals("from")) {
          from = LocalDate.parse(kv[1]);
        } else if (kv[0].equals("to")) {
          to = LocalDate.parse(kv[1]);
        }
      }
      if (from != null && to != null && from.isAfter(to)) {
        send(ex, 400, error("VALIDATION_FAILED", "from is after to"));
        return;
      }
    } catch (DateTimeParseException | ArrayIndexOutOfBoundsException e) {
      send(ex, 400, error("VALIDATION_FAILED", "bad date"));
      return;
    }
    List<Object> columns = new ArrayList<>();
    for (String status : STATUSES) {
      List<Object> items = new ArrayList<>();
      for (CardState c : cards.values()) {
        synchronized (c) {
          if (c.status.equals(status)) {
            items.add(c.json());
          }
        }
      }
      Map<String, Object> column = new LinkedHashMap<>();
      column.put("status", status);
      column.put("items", items);
      columns.add(column);
    }
    send(ex, 200, ok(Map.of("columns", columns)));
  }

  private void move(HttpExchange ex, String id) throws IOException {
    String text = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    long arrived = System.nanoTime();
    firstMoveAt.compareAndSet(Long.MIN_VALUE, arrived);
    if (arrived - firstMoveAt.get() < slowForNanos) {
      try {
        Thread.sleep(slowDelayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (moveRequests.incrementAndGet() > healthyMoves) {
      send(ex, 500, error("INTERNAL", "out of connections"));
      return;
    }
    JsonNode body;
    try {
      body = ContractJson.read(text);
    } catch (IllegalArgumentException e) {
      send(ex, 400, error("VALIDATION_FAILED", "malformed JSON"));
      return;
    }
    String status = ContractJson.text(body.get("status"));
    OptionalLong version = ContractJson.integer(body.get("version"));
    if (status == null || !STATUSES.contains(status)) {
      send(ex, 400, error("VALIDATION_FAILED", "status"));
      return;
    }
    if (version.isEmpty() || version.getAsLong() < 0 || body.path("version").isString()) {
      send(ex, 400, error("VALIDATION_FAILED", "version"));
      return;
    }
    CardState c = cards.get(id);
    if (c == null) {
      send(ex, 404, error("NOT_FOUND", "no appointment " + id));
      return;
    }
    int code;
    Map<String, Object> response;
    synchronized (c) {
      if (behaviour != Behaviour.LAST_WRITE_WINS && c.version != version.getAsLong()) {
        Map<String, Object> err = error("VERSION_CONFLICT", "version is stale");
        @SuppressWarnings("unchecked")
        Map<String, Object> e = (Map<String, Object>) err.get("error");
        e.put("current_version", c.version);
        e.put("current", c.json());
        code = 409;
        response = err;
      } else {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("from_status", c.status);
        h.put("to_status", status);
        h.put("from_version", c.version);
        h.put("to_version", c.version + 1);
        h.put("moved_at", Instant.now().toString());
        boolean drop;
        synchronized (this) {
          drop = behaviour == Behaviour.DROPS_HISTORY && ++moves % 10 == 0;
        }
        if (!drop) {
          c.history.add(h);
        }
        c.status = status;
        c.version++;
        c.updatedAt = Instant.now();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("appointment_id", c.id);
        data.put("status", c.status);
        data.put("version", c.version);
        data.put("updated_at", c.updatedAt.toString());
        code = 200;
        response = ok(data);
      }
    }
    send(ex, code, response);
  }

  private void history(HttpExchange ex, String id) throws IOException {
    CardState c = cards.get(id);
    if (c == null) {
      send(ex, 404, error("NOT_FOUND", "no appointment " + id));
      return;
    }
    List<Object> moves;
    synchronized (c) {
      moves = new ArrayList<>(c.history);
    }
    send(ex, 200, ok(Map.of("moves", moves)));
  }

  private static Map<String, Object> ok(Object data) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ok", true);
    m.put("data", data);
    return m;
  }

  private static Map<String, Object> error(String code, String message) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("code", code);
    e.put("message", message);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ok", false);
    m.put("error", e);
    return m;
  }

  private static void send(HttpExchange ex, int code, Object body) throws IOException {
    byte[] bytes = ContractJson.write(body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
