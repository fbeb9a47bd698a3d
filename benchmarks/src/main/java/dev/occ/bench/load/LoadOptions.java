package dev.occ.bench.load;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one load test run does, parsed from the command line; see {@link #USAGE}. Every run is
 * bounded in time and in iterations, and by default it only targets loopback addresses.
 *
 * @param url the example app's base URL
 * @param mode which cards the users move
 * @param model closed (a fixed number of users) or open (a fixed arrival rate)
 * @param users virtual users (closed), or the most iterations in flight at once (open)
 * @param duration how long the measured part lasts
 * @param warmup how long to run before measuring; moves made then are still audited
 * @param rate iterations started per second (open model only)
 * @param think pause after each iteration (closed model only)
 * @param hotCards how many cards hot mode moves
 * @param from first board day
 * @param to last board day
 * @param out where the JSON result and the HTML chart go
 * @param seed seed of the users' random choices
 * @param timeout per-request timeout
 * @param maxIterations an upper bound on iterations, whatever the duration
 * @param allowRemote whether a host other than loopback may be targeted
 * @param thresholds pass/fail limits
 */
public record LoadOptions(
    URI url,
    Mode mode,
    Model model,
    int users,
    Duration duration,
    Duration warmup,
    double rate,
    Duration think,
    int hotCards,
    LocalDate from,
    LocalDate to,
    Path out,
    long seed,
    Duration timeout,
    long maxIterations,
    boolean allowRemote,
    Thresholds thresholds) {

  /** The command-line help. */
  public static final String USAGE =
      String.join(
          "\n",
          "usage: LoadTest --url http://localhost:8080 [options]",
          "  --mode spread|hot          spread: any card on the board; hot: only the first --hot-cards (3)",
          "  --model closed|open        closed: --users loop back to back; open: --rate iterations/s",
          "  --users N                  virtual users, or most iterations in flight when open (64)",
          "  --duration 30s             measured time (ms, s, m, h); at most 1h",
          "  --warmup 0s                unmeasured time before it; its moves are audited too",
          "  --rate R                   open model: iterations started per second (100)",
          "  --think 0ms                closed model: pause after each iteration",
          "  --hot-cards 3              cards moved in hot mode",
          "  --from YYYY-MM-DD --to YYYY-MM-DD   board days (today .. tomorrow, UTC)",
          "  --out target/load          where result-<mode>-<model>.json and .html go",
          "  --seed N                   random seed (printed when not given)",
          "  --timeout 10s              per request",
          "  --max-iterations 1000000   stop after this many iterations even if time is left",
          "  --allow-remote             permit a non-loopback host (only ever a test host you own)",
          "  --max-error-rate 0.01 --max-conflict-rate 0.10 --max-p95-ms 400 --target-p95-ms 20",
          "                             thresholds; a limit of 0 (for the p95 ones) turns it off");

  private static final Duration MAX_DURATION = Duration.ofHours(1);
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

  /** Which cards the users pick from. */
  public enum Mode {
    /** Every card on the board: conflicts only when two users happen to pick the same card. */
    SPREAD,
    /** A few cards everyone fights over: conflicts are the point. */
    HOT
  }

  /** How load is offered. */
  public enum Model {
    /** A fixed number of users, each starting its next iteration when the last one ended. */
    CLOSED,
    /** Iterations start on a fixed schedule, whether or not earlier ones have finished. */
    OPEN
  }

  /** Checks what the parser cannot. */
  public LoadOptions {
    if (users < 1) {
      throw new IllegalArgumentException("--users must be >= 1");
    }
    if (duration.isZero()
        || duration.isNegative()
        || duration.compareTo(MAX_DURATION) > 0
        || warmup.isNegative()
        || warmup.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException("--duration must be > 0 and, like --warmup, at most 1h");
    }
    if (model == Model.OPEN && !(rate > 0)) {
      throw new IllegalArgumentException("--rate must be > 0");
    }
    if (hotCards < 1) {
      throw new IllegalArgumentException("--hot-cards must be >= 1");
    }
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("--from must not be after --to");
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("--max-iterations must be >= 1");
    }
    String scheme = url.getScheme();
    if (url.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
      throw new IllegalArgumentException("--url must be an http(s) URL with a host: " + url);
    }
  }

  /**
   * Parses the command line.
   *
   * @throws IllegalArgumentException with a message fit for the user on any bad argument
   */
  public static LoadOptions parse(String... args) {
    URI url = null;
    Mode mode = Mode.SPREAD;
    Model model = Model.CLOSED;
    int users = 64;
    Duration duration = Duration.ofSeconds(30);
    Duration warmup = Duration.ZERO;
    double rate = 100;
    Duration think = Duration.ZERO;
    int hotCards = 3;
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate from = today;
    LocalDate to = today.plusDays(1);
    Path out = Path.of("target", "load");
    long seed = System.nanoTime();
    Duration timeout = Duration.ofSeconds(10);
    long maxIterations = 1_000_000;
    boolean allowRemote = false;
    Thresholds t = Thresholds.DEFAULT;
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String flag = rest.remove(0);
      if (flag.equals("--allow-remote")) {
        allowRemote = true;
        continue;
      }
      if (flag.equals("--help") || flag.equals("-h")) {
        throw new IllegalArgumentException(USAGE);
      }
      if (rest.isEmpty()) {
        throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
      }
      String v = rest.remove(0);
      try {
        switch (flag) {
          case "--url" -> url = URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
          case "--mode" -> mode = Mode.valueOf(v.toUpperCase(Locale.ROOT));
          case "--model" -> model = Model.valueOf(v.toUpperCase(Locale.ROOT));
          case "--users" -> users = Integer.parseInt(v);
          case "--duration" -> duration = duration(v);
          case "--warmup" -> warmup = duration(v);
          case "--rate" -> rate = Double.parseDouble(v);
          case "--think" -> think = duration(v);
          case "--hot-cards" -> hotCards = Integer.parseInt(v);
          case "--from" -> from = LocalDate.parse(v);
          case "--to" -> to = LocalDate.parse(v);
          case "--out" -> out = Path.of(v);
          case "--seed" -> seed = Long.parseLong(v);
          case "--timeout" -> timeout = duration(v);
          case "--max-iterations" -> maxIterations = Long.parseLong(v);
          case "--max-error-rate" -> t = t.withMaxErrorRate(Double.parseDouble(v));
          case "--max-conflict-rate" -> t = t.withMaxConflictRate(Double.parseDouble(v));
          case "--max-p95-ms" -> t = t.withMaxP95Millis(Double.parseDouble(v));
          case "--target-p95-ms" -> t = t.withTargetP95Millis(Double.parseDouble(v));
          default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
        }
      } catch (RuntimeException e) {
        if (e.getMessage() != null && e.getMessage().contains("usage:")) {
          throw e;
        }
        throw new IllegalArgumentException("bad value for " + flag + ": " + v, e);
      }
    }
    if (url == null) {
      throw new IllegalArgumentException("--url is required\n" + USAGE);
    }
    return new LoadOptions(
        url,
        mode,
        model,
        users,
        duration,
        warmup,
        rate,
        think,
        hotCards,
        from,
        to,
        out,
        seed,
        timeout,
        maxIterations,
        allowRemote,
        t);
  }

  /** Parses {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, or bare seconds. */
  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }

  /** Returns the lower-case tag of this run, e.g. {@code spread-closed}, for file names. */
  public String tag() {
    return mode.name().toLowerCase(Locale.ROOT) + "-" + model.name().toLowerCase(Locale.ROOT);
  }
}
