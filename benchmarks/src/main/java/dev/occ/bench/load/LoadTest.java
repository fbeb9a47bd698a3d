package dev.occ.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP load test of the example app, the card's k6 scenario without k6: virtual users load the
 * board, move cards, re-sync on 409; then every acknowledged move is audited against the app's move
 * history. With several {@code --target}s on one database, short rounds alternate between them (the
 * order rotating from round to round, so the machine's drift falls on each alike) and the apps are
 * compared by the median of per-round ratios. With {@code --step-rates} the open model instead
 * steps each target through rising arrival rates, one window per rate, to find its highest
 * sustainable rate ({@link Stepping}). Writes {@code result-<tag>[-<target>].json}, {@code
 * latency-…html} and HdrHistogram's {@code .hgrm} files, and exits 0 when every threshold held, 1
 * when one failed, 2 when the run could not happen.
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
    LoadCommand command = new LoadCommand();
    CommandLine cli = LoadCommand.commandLine(command);
    try {
      cli.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      err.println(e.getMessage());
      err.println("Run with --help for the options.");
      return NOT_RUN;
    }
    if (cli.isUsageHelpRequested()) {
      out.print(cli.getUsageMessage());
      return PASSED;
    }
    if (cli.isVersionHelpRequested()) {
      cli.printVersionHelp(out);
      return PASSED;
    }
    LoadOptions options;
    try {
      options = command.toOptions();
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
   * Runs the load on every target, audits it, writes the result files and prints a summary.
   *
   * @throws IllegalStateException if a target is refused or an app does not serve a board
   * @throws IOException if the result files cannot be written
   */
  public static LoadRun execute(LoadOptions o, PrintStream out) throws IOException {
    o.targets().forEach(t -> refuseNonLoopback(t, o.allowRemote()));
    Map<String, Driven> driven = new LinkedHashMap<>();
    for (Target t : o.targets()) {
      ShopClient client = new ShopClient(t.url(), o.timeout(), o.credentials());
      BoardSnapshot first = firstBoard(client, t, o);
      Set<String> hot = o.mode() == LoadOptions.Mode.HOT ? hotCards(first, o.hotCards()) : null;
      driven.put(t.name(), new Driven(t, client, hot));
      out.printf(
          "load test %s: %d users against %s (%s) for %d x %s (+%s warmup), %d cards on the"
              + " board%s, seed %d%n",
          o.tag(),
          o.users(),
          t.name(),
          t.url(),
          o.rounds(),
          o.duration(),
          o.warmup(),
          first.cards().size(),
          hot == null ? "" : ", hot cards " + hot,
          o.seed());
    }
    SplittableRandom seeds = new SplittableRandom(o.seed());
    List<Driven> order = new ArrayList<>(driven.values());
    if (o.steps() == null) {
      for (int r = 0; r < o.rounds(); r++) {
        for (int k = 0; k < order.size(); k++) {
          // The order rotates from round to round, so no app always follows the same one.
          Driven d = order.get((r + k) % order.size());
          Duration warmup = r == 0 ? o.warmup() : Duration.ZERO;
          d.rounds.add(round(d, o, o.rate(), warmup, seeds.split()));
        }
      }
    } else {
      step(o, o.steps(), order, seeds, out);
    }

    Stepping stepping = null;
    if (o.steps() != null) {
      Map<String, List<Step>> steps = new LinkedHashMap<>();
      driven.forEach((name, d) -> steps.put(name, d.steps));
      stepping = Stepping.of(o, o.steps(), steps);
    }

    Files.createDirectories(o.out());
    List<LoadReport> reports = new ArrayList<>();
    // The apps share one database, so any app's view of a card's history after the run is the
    // card's history; each card's is read from an app that moved it.
    Map<String, @Nullable List<MoveAudit.Move>> allHistories = new HashMap<>();
    Map<String, Card> allCards = new HashMap<>();
    List<Ack> allAcks = new ArrayList<>();
    for (Driven d : driven.values()) {
      Tally tally = new Tally();
      double seconds = 0;
      for (Round round : d.rounds) {
        tally.add(round.tally());
        seconds += round.seconds();
      }
      Map<String, @Nullable List<MoveAudit.Move>> histories = histories(d.client, tally.acks);
      Map<String, Card> board = finalBoard(d.client, o);
      MoveAudit.Result audit = MoveAudit.audit(tally.acks, histories, board);
      allAcks.addAll(tally.acks);
      histories.forEach(
          (id, h) -> {
            if (h != null || !allHistories.containsKey(id)) {
              allHistories.put(id, h);
            }
          });
      board.forEach(allCards::putIfAbsent);
      LoadReport report =
          LoadReport.of(o, d.target, tally, audit, seconds, d.rounds.get(0).startedAt());
      String prefix = o.comparing() ? o.tag() + "-" + d.target.name() : o.tag();
      Path json = o.out().resolve("result-" + prefix + ".json");
      Path html = o.out().resolve("latency-" + prefix + ".html");
      Map<String, @Nullable Object> result = report.toJson();
      if (stepping != null) {
        result.put("stepping", stepping.toJson(d.target.name()));
      }
      Files.writeString(json, ContractJson.write(result), StandardCharsets.UTF_8);
      Files.writeString(html, LatencyChart.html(report), StandardCharsets.UTF_8);
      List<Path> hgrm = report.writeHgrm(o.out(), "latency-" + prefix);
      out.print(report.summary());
      out.println("  result: " + json + ", chart: " + html + ", hgrm: " + hgrm.get(0) + " …");
      reports.add(report);
    }
    Comparison comparison = null;
    if (o.comparing()) {
      // One app's acknowledgement of a version the other also acknowledged is only visible when
      // every target's acknowledgements are held against the one history they share.
      MoveAudit.Result together = MoveAudit.audit(allAcks, allHistories, allCards);
      Map<String, List<Round>> rounds = new LinkedHashMap<>();
      driven.forEach((name, d) -> rounds.put(name, d.rounds));
      comparison = Comparison.of(o, rounds, together);
      Path json = o.out().resolve("comparison-" + o.tag() + ".json");
      Map<String, @Nullable Object> compared = comparison.toJson();
      if (stepping != null) {
        compared.put("stepping", stepping.toJson());
      }
      Files.writeString(json, ContractJson.write(compared), StandardCharsets.UTF_8);
      out.print(comparison.summary());
      out.println("  comparison: " + json);
    }
    if (stepping != null) {
      out.print(stepping.summary());
    }
    return new LoadRun(reports, comparison);
  }

  /**
   * Steps every target through the plan's rates, lowest first: {@link StepPlan#windows()} windows
   * per rate and target, the targets' order rotating from window to window, {@code --warmup} before
   * each target's first window, and a target left out once {@link Stepping#stopped} says higher
   * rates are pointless.
   */
  private static void step(
      LoadOptions o, StepPlan plan, List<Driven> targets, SplittableRandom seeds, PrintStream out) {
    int turn = 0;
    for (double rate : plan.rates()) {
      List<Driven> running = targets.stream().filter(d -> !Stepping.stopped(d.steps)).toList();
      Map<Driven, List<Step>> windows = new LinkedHashMap<>();
      for (int w = 0; w < plan.windows(); w++) {
        for (Driven d : Stepping.order(running, turn++)) {
          Duration warmup = d.rounds.isEmpty() ? o.warmup() : Duration.ZERO;
          Round round = round(d, o, rate, warmup, seeds.split());
          d.rounds.add(round);
          Step window = Step.of(o, d.target, plan, rate, round);
          windows.computeIfAbsent(d, k -> new ArrayList<>()).add(window);
          if (plan.windows() > 1) {
            out.printf(
                Locale.ROOT,
                "  window %d/%d %s/s %s: started %.1f/s, p95 %.2f ms, %d errors%n",
                w + 1,
                plan.windows(),
                Step.rate(rate),
                d.target.name(),
                window.achievedRate(),
                window.p95Millis(),
                window.errors());
          }
        }
      }
      for (Driven d : running) {
        Step step = Step.combine(plan, rate, windows.get(d));
        d.steps.add(step);
        out.printf(
            Locale.ROOT,
            "  step %s/s %s: started %.1f/s, p95 %.2f ms, %d errors, %d conflicts: %s%n",
            Step.rate(rate),
            d.target.name(),
            step.achievedRate(),
            step.p95Millis(),
            step.errors(),
            step.conflicts(),
            step.sustainable() ? "sustainable" : String.join("; ", step.shortfalls()));
      }
    }
  }

  /** One target while the run lasts: its client, its hot cards, the rounds (and steps) it had. */
  private static final class Driven {
    final Target target;
    final ShopClient client;
    final @Nullable Set<String> hot;
    final List<Round> rounds = new ArrayList<>();
    final List<Step> steps = new ArrayList<>();

    Driven(Target target, ShopClient client, @Nullable Set<String> hot) {
      this.target = target;
      this.client = client;
      this.hot = hot;
    }
  }

  /**
   * Runs one round against one target: warmup, then the measured duration.
   *
   * @param rate iterations started per second (open model)
   */
  private static Round round(
      Driven d, LoadOptions o, double rate, Duration warmup, SplittableRandom seeds) {
    List<VirtualUser> users = new ArrayList<>();
    for (int i = 0; i < o.users(); i++) {
      VirtualUser user = new VirtualUser(d.client, o.from(), o.to(), d.hot, o.mix(), seeds.split());
      // Before the clock starts: the users' first look at the board is not part of the schedule.
      user.prepare();
      users.add(user);
    }
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    long measuredFrom = start + warmup.toNanos();
    long deadline = measuredFrom + o.duration().toNanos();
    List<Thread> threads = new ArrayList<>();
    AtomicLong tickets = new AtomicLong();
    for (int i = 0; i < o.users(); i++) {
      VirtualUser user = users.get(i);
      // Each user's pauses come from a generator of its own: one thread draws from it.
      SplittableRandom pauses = seeds.split();
      Runnable loop =
          o.model() == LoadOptions.Model.CLOSED
              ? () -> closedLoop(user, o, pauses, measuredFrom, deadline, tickets)
              : () -> openLoop(user, o, rate, start, measuredFrom, deadline, tickets);
      Thread t = new Thread(loop, "vu-" + d.target.name() + "-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    awaitAll(threads, deadline + 2 * o.timeout().toNanos() + TimeUnit.SECONDS.toNanos(5));
    double seconds = (System.nanoTime() - measuredFrom) / 1e9;
    Tally tally = new Tally();
    // Users that had to be interrupted still hand in what they counted so far.
    users.forEach(u -> tally.add(u.tally()));
    return new Round(d.target.name(), startedAt, seconds, tally);
  }

  private static void closedLoop(
      VirtualUser user,
      LoadOptions o,
      SplittableRandom pauses,
      long measuredFrom,
      long deadline,
      AtomicLong iterations) {
    if (o.thinkSpread() > 0 && !o.think().isZero()) {
      // Users that all start at once would otherwise come back at once, round after round.
      LockSupport.parkNanos((long) (pauses.nextDouble() * o.think().toNanos()));
    }
    while (!Thread.currentThread().isInterrupted()) {
      long now = System.nanoTime();
      if (now >= deadline || iterations.getAndIncrement() >= o.maxIterations()) {
        return;
      }
      user.iterate(now, now >= measuredFrom);
      long think = pause(o.think(), o.thinkSpread(), pauses);
      if (think > 0) {
        LockSupport.parkNanos(think);
      }
    }
  }

  /**
   * One pause of a closed-model user, in nanoseconds: {@code think} itself without a spread, else
   * uniform in {@code think × [1 − spread, 1 + spread]}, so that the mean stays {@code think}.
   */
  static long pause(Duration think, double spread, SplittableRandom random) {
    long mean = think.toNanos();
    if (spread == 0 || mean == 0) {
      return mean;
    }
    return Math.round(mean * (1 - spread + 2 * spread * random.nextDouble()));
  }

  private static void openLoop(
      VirtualUser user,
      LoadOptions o,
      double rate,
      long start,
      long measuredFrom,
      long deadline,
      AtomicLong tickets) {
    double period = 1e9 / rate;
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
      long now = System.nanoTime();
      boolean measured = intended >= measuredFrom;
      if (o.stepping() && !measured && now >= measuredFrom) {
        // A warm-up slot still waiting when the window opens is dropped, as slots left at a
        // window's end are: an app that fell behind in its warm-up would otherwise spend the window
        // on the warm-up's backlog, and the window would measure that instead of its own rate.
        continue;
      }
      if (now >= deadline && o.stepping()) {
        // A step's window is over: the slots its users could not start in time are missed rather
        // than run late, so the achieved rate shows them and the next window starts on a calm app.
        return;
      }
      if (measured && now < deadline) {
        user.tally().startedInWindow++;
      }
      user.iterate(intended, measured);
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

  private static Map<String, @Nullable List<MoveAudit.Move>> histories(
      ShopClient client, Collection<Ack> acks) {
    Set<String> ids = new TreeSet<>();
    acks.forEach(a -> ids.add(a.cardId()));
    Map<String, @Nullable List<MoveAudit.Move>> histories = new HashMap<>();
    for (String id : ids) {
      histories.put(id, history(client, id));
    }
    return histories;
  }

  private static Map<String, Card> finalBoard(ShopClient client, LoadOptions o) {
    Map<String, Card> now = new HashMap<>();
    ShopClient.Reply board = client.board(o.from(), o.to());
    if (board.status() == 200) {
      try {
        BoardSnapshot.parse(board.body()).cards().forEach(c -> now.put(c.id(), c));
      } catch (IllegalArgumentException e) {
        // Without a final board the final-state check is skipped; the chain checks still run.
      }
    }
    return now;
  }

  private static @Nullable List<MoveAudit.Move> history(ShopClient client, String id) {
    ShopClient.Reply reply = client.history(id);
    if (reply.status() != 200) {
      return null;
    }
    JsonNode moves = reply.body().path("data").path("moves");
    if (!moves.isArray()) {
      return null;
    }
    List<MoveAudit.Move> parsed = new ArrayList<>(moves.size());
    for (JsonNode m : moves) {
      MoveAudit.Move move = MoveAudit.Move.from(m);
      if (move == null) {
        return null;
      }
      parsed.add(move);
    }
    return parsed;
  }

  private static BoardSnapshot firstBoard(ShopClient client, Target t, LoadOptions o) {
    ShopClient.Reply reply = client.board(o.from(), o.to());
    if (reply.refused()) {
      throw new IllegalStateException(
          "GET board at "
              + t.url()
              + " answered HTTP "
              + reply.status()
              + (o.credentials() == null
                  ? "; the app wants a signed-in user: pass --user and --password"
                  : "; the app refused user "
                      + o.credentials().user()
                      + ": check --user and --password"));
    }
    if (reply.status() != 200) {
      throw new IllegalStateException(
          "GET board at "
              + t.url()
              + " answered "
              + (reply.transportError() ? reply.problem() : "HTTP " + reply.status())
              + "; is the example app running?");
    }
    BoardSnapshot board;
    try {
      board = BoardSnapshot.parse(reply.body());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "the board response of " + t.name() + " breaks the contract: " + e.getMessage(), e);
    }
    if (board.cards().isEmpty()) {
      throw new IllegalStateException(
          "the board of "
              + t.name()
              + " has no cards from "
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

  private static void refuseNonLoopback(Target t, boolean allowRemote) {
    if (allowRemote) {
      return;
    }
    String host = t.url().getHost();
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
