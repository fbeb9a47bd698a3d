package dev.occ.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP load test of the example app, the card's k6 scenario without k6: virtual users load the
 * board, move cards, re-sync on 409; then every acknowledged move is audited against the app's move
 * history. Writes {@code result-<mode>-<model>.json} and {@code latency-<mode>-<model>.html} and
 * exits 0 when every threshold held, 1 when one failed, 2 when the run could not happen.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.occ.bench.load.LoadTest \
 *     --url http://localhost:8080 --mode spread --users 64 --duration 30s
 * </pre>
 */
public final class LoadTest {
  /** Exit status when every threshold held. */
  public static final int PASSED = 0;

  /** Exit status when a threshold failed. */
  public static final int FAILED = 1;

  /** Exit status when the run could not be made (bad arguments, app not answering). */
  public static final int NOT_RUN = 2;

  private LoadTest() {}

  /** Runs the load test from the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the load test and returns the exit status, printing to the given streams. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      out.println(LoadOptions.USAGE);
      return PASSED;
    }
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return NOT_RUN;
    }
    try {
      return execute(options, out).passed() ? PASSED : FAILED;
    } catch (IllegalStateException | IOException e) {
      err.println("load test not run: " + e.getMessage());
      return NOT_RUN;
    }
  }

  /**
   * Runs the load, audits it, writes the result files and prints a summary.
   *
   * @throws IllegalStateException if the target is refused or the app does not serve a board
   * @throws IOException if the result files cannot be written
   */
  public static LoadReport execute(LoadOptions o, PrintStream out) throws IOException {
    refuseNonLoopback(o);
    ShopClient client = new ShopClient(o.url(), o.timeout());
    BoardSnapshot first = firstBoard(client, o);
    Set<String> hot = o.mode() == LoadOptions.Mode.HOT ? hotCards(first, o.hotCards()) : null;
    out.printf(
        "load test %s: %d users against %s for %s (+%s warmup), %d cards on the board%s,"
            + " seed %d%n",
        o.tag(),
        o.users(),
        o.url(),
        o.duration(),
        o.warmup(),
        first.cards().size(),
        hot == null ? "" : ", hot cards " + hot,
        o.seed());

    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    long measuredFrom = start + o.warmup().toNanos();
    long deadline = measuredFrom + o.duration().toNanos();
    List<VirtualUser> users = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    SplittableRandom seeds = new SplittableRandom(o.seed());
    AtomicLong tickets = new AtomicLong();
    for (int i = 0; i < o.users(); i++) {
      VirtualUser user = new VirtualUser(client, o.from(), o.to(), hot, seeds.split());
      Runnable loop =
          o.model() == LoadOptions.Model.CLOSED
              ? () -> closedLoop(user, o, measuredFrom, deadline, tickets)
              : () -> openLoop(user, o, start, measuredFrom, deadline, tickets);
      Thread t = new Thread(loop, "vu-" + i);
      t.setDaemon(true);
      users.add(user);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    awaitAll(threads, deadline + 2 * o.timeout().toNanos() + TimeUnit.SECONDS.toNanos(5));
    double seconds = (System.nanoTime() - measuredFrom) / 1e9;

    Tally tally = new Tally();
    // Users that had to be interrupted still hand in what they counted so far.
    users.forEach(u -> tally.add(u.tally()));
    MoveAudit.Result audit = audit(client, o, tally.acks);
    LoadReport report = LoadReport.of(o, tally, audit, seconds, startedAt);
    Files.createDirectories(o.out());
    Path json = o.out().resolve("result-" + o.tag() + ".json");
    Path html = o.out().resolve("latency-" + o.tag() + ".html");
    Files.writeString(json, Json.write(report.toJson()), StandardCharsets.UTF_8);
    Files.writeString(html, LatencyChart.html(report), StandardCharsets.UTF_8);
    out.print(report.summary());
    out.println("  result: " + json + ", chart: " + html);
    return report;
  }

  private static void closedLoop(
      VirtualUser user, LoadOptions o, long measuredFrom, long deadline, AtomicLong iterations) {
    long think = o.think().toNanos();
    while (!Thread.currentThread().isInterrupted()) {
      long now = System.nanoTime();
      if (now >= deadline || iterations.getAndIncrement() >= o.maxIterations()) {
        return;
      }
      user.iterate(now, now >= measuredFrom);
      if (think > 0) {
        LockSupport.parkNanos(think);
      }
    }
  }

  private static void openLoop(
      VirtualUser user,
      LoadOptions o,
      long start,
      long measuredFrom,
      long deadline,
      AtomicLong tickets) {
    double period = 1e9 / o.rate();
    while (!Thread.currentThread().isInterrupted()) {
      long ticket = tickets.getAndIncrement();
      long intended = start + (long) (ticket * period);
      if (ticket >= o.maxIterations() || intended >= deadline) {
        return;
      }
      // Each free worker takes the next slot of the schedule; if all are busy, slots fall behind
      // and the delay lands in the measured latency instead of vanishing.
      for (long wait = intended - System.nanoTime();
          wait > 0;
          wait = intended - System.nanoTime()) {
        LockSupport.parkNanos(wait);
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
      }
      user.iterate(intended, intended >= measuredFrom);
    }
  }

  private static void awaitAll(List<Thread> threads, long hardStop) {
    for (Thread t : threads) {
      long left = hardStop - System.nanoTime();
      try {
        if (left > 0) {
          TimeUnit.NANOSECONDS.timedJoin(t, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    // Past the hard stop no user keeps going: the run is bounded whatever the app does.
    threads.forEach(Thread::interrupt);
  }

  private static MoveAudit.Result audit(ShopClient client, LoadOptions o, List<Ack> acks) {
    Set<String> ids = new TreeSet<>();
    acks.forEach(a -> ids.add(a.cardId()));
    Map<String, @Nullable List<MoveAudit.Move>> histories = new HashMap<>();
    for (String id : ids) {
      histories.put(id, history(client, id));
    }
    Map<String, Card> now = new HashMap<>();
    ShopClient.Reply board = client.board(o.from(), o.to());
    if (board.status() == 200) {
      try {
        BoardSnapshot.parse(board.body()).cards().forEach(c -> now.put(c.id(), c));
      } catch (IllegalArgumentException e) {
        // Without a final board the final-state check is skipped; the chain checks still run.
      }
    }
    return MoveAudit.audit(acks, histories, now);
  }

  private static @Nullable List<MoveAudit.Move> history(ShopClient client, String id) {
    ShopClient.Reply reply = client.history(id);
    if (reply.status() != 200) {
      return null;
    }
    Object moves = Json.at(reply.body(), "data", "moves");
    if (!(moves instanceof List<?> list)) {
      return null;
    }
    List<MoveAudit.Move> parsed = new ArrayList<>(list.size());
    for (Object m : list) {
      MoveAudit.Move move = MoveAudit.Move.from(m);
      if (move == null) {
        return null;
      }
      parsed.add(move);
    }
    return parsed;
  }

  private static BoardSnapshot firstBoard(ShopClient client, LoadOptions o) {
    ShopClient.Reply reply = client.board(o.from(), o.to());
    if (reply.status() != 200) {
      throw new IllegalStateException(
          "GET board at "
              + o.url()
              + " answered "
              + (reply.transportError() ? reply.problem() : "HTTP " + reply.status())
              + "; is the example app running?");
    }
    BoardSnapshot board;
    try {
      board = BoardSnapshot.parse(reply.body());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "the board response breaks the contract: " + e.getMessage(), e);
    }
    if (board.cards().isEmpty()) {
      throw new IllegalStateException(
          "the board has no cards from "
              + o.from()
              + " to "
              + o.to()
              + "; seed the app or pass --from/--to");
    }
    return board;
  }

  /**
   * The first n cards by id (numerically when ids are numbers), so reruns fight over the same ones.
   */
  static Set<String> hotCards(BoardSnapshot board, int n) {
    List<String> ids = new ArrayList<>();
    board.cards().forEach(c -> ids.add(c.id()));
    ids.sort(
        Comparator.comparing(
                (String id) -> id.matches("\\d{1,18}") ? Long.parseLong(id) : Long.MAX_VALUE)
            .thenComparing(Comparator.naturalOrder()));
    return new LinkedHashSet<>(ids.subList(0, Math.min(n, ids.size())));
  }

  private static void refuseNonLoopback(LoadOptions o) {
    if (o.allowRemote()) {
      return;
    }
    String host = o.url().getHost();
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (!a.isLoopbackAddress()) {
          throw new IllegalStateException(
              host
                  + " is not a loopback address; this tool loads only"
                  + " the machine it runs on unless --allow-remote names a test host you own");
        }
      }
    } catch (UnknownHostException e) {
      throw new IllegalStateException("unknown host " + host, e);
    }
  }
}
