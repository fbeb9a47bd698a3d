package dev.occ.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The load test's command line, read by picocli into {@link LoadOptions}. */
@Command(
    name = "LoadTest",
    version = "occ benchmarks LoadTest",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Drives the example app's board and move API like the web board, then audits every"
          + " acknowledged move against the app's history.",
      "Exit status: 0 every threshold held, 1 a threshold failed, 2 the run could not be made."
    })
final class LoadCommand {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

  @ArgGroup(exclusive = true, multiplicity = "1")
  Where where = new Where();

  /** Either one app or several named ones. */
  static final class Where {
    @Option(
        names = "--url",
        paramLabel = "URL",
        description = "The app's base URL, e.g. http://localhost:8080.")
    @Nullable String url;

    @Option(
        names = "--target",
        paramLabel = "NAME=URL",
        split = ",",
        description =
            "Several apps on one database, e.g. occ=http://127.0.0.1:8080,jpa=http://127.0.0.1:8081;"
                + " rounds alternate between them, the first is the baseline of the ratios.")
    Map<String, String> targets = new LinkedHashMap<>();
  }

  @Option(
      names = "--rounds",
      defaultValue = "1",
      description = "Measured rounds per target (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--mode",
      defaultValue = "spread",
      description =
          "spread: any card on the board; hot: only the first --hot-cards (default: ${DEFAULT-VALUE}).")
  LoadOptions.Mode mode = LoadOptions.Mode.SPREAD;

  @Option(
      names = "--model",
      defaultValue = "closed",
      description =
          "closed: --users loop back to back; open: --rate iterations/s (default: ${DEFAULT-VALUE}).")
  LoadOptions.Model model = LoadOptions.Model.CLOSED;

  @Option(
      names = "--mix",
      defaultValue = "board-and-move",
      converter = MixConverter.class,
      description =
          "board-and-move: load the board, move a card, re-sync on 409; moves: only moves, each from"
              + " the version last seen, the board reloaded only after an error, the moves'"
              + " latency counts (default: ${DEFAULT-VALUE}).")
  LoadOptions.Mix mix = LoadOptions.Mix.BOARD_AND_MOVE;

  @Option(
      names = "--users",
      defaultValue = "64",
      description =
          "Virtual users, or most iterations in flight when open (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(
      names = "--duration",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "Measured time of each round (ms, s, m, h; at most 1h) (default: ${DEFAULT-VALUE}).")
  Duration duration = Duration.ZERO;

  @Option(
      names = "--warmup",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description = "Unmeasured time before each target's first round; its moves are audited too.")
  Duration warmup = Duration.ZERO;

  @Option(
      names = "--rate",
      defaultValue = "100",
      description = "Open model: iterations started per second (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--step-rates",
      paramLabel = "RATES",
      description =
          "Open model: find the highest sustainable rate by stepping through these iterations/s,"
              + " e.g. 100,200,300 or 100:1000:100; one --duration window per rate and target.")
  @Nullable String stepRates;

  @Option(
      names = "--step-p95-ms",
      defaultValue = "20",
      description =
          "A sustainable step's p95 is under this, with 0 errors and >= 95%% of the rate started"
              + " (default: ${DEFAULT-VALUE}).")
  double stepP95Millis;

  @Option(
      names = "--step-windows",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Measured windows per rate and target, the targets alternating; a step is judged by the"
              + " median of its windows' p95 and the sum of their errors (default: ${DEFAULT-VALUE}).")
  int stepWindows;

  @Option(
      names = "--think",
      defaultValue = "0ms",
      converter = DurationConverter.class,
      description = "Closed model: pause after each iteration (default: ${DEFAULT-VALUE}).")
  Duration think = Duration.ZERO;

  @Option(
      names = "--think-spread",
      defaultValue = "0",
      paramLabel = "SHARE",
      description =
          "Closed model: each pause is drawn uniformly from --think x [1 - SHARE, 1 + SHARE] and"
              + " each user's first iteration waits a random part of --think, so that users who"
              + " start together do not stay in step; 0 keeps every pause at --think"
              + " (default: ${DEFAULT-VALUE}).")
  double thinkSpread;

  @Option(
      names = "--hot-cards",
      defaultValue = "3",
      description = "Cards moved in hot mode (default: ${DEFAULT-VALUE}).")
  int hotCards;

  @Option(
      names = "--from",
      paramLabel = "YYYY-MM-DD",
      description = "First board day (today, UTC).")
  @Nullable LocalDate from;

  @Option(
      names = "--to",
      paramLabel = "YYYY-MM-DD",
      description = "Last board day (tomorrow, UTC).")
  @Nullable LocalDate to;

  @Option(
      names = "--out",
      defaultValue = "target/load",
      description = "Where results, charts and .hgrm files go (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("target", "load");

  @Option(names = "--seed", description = "Random seed (printed when not given).")
  @Nullable Long seed;

  @Option(
      names = "--timeout",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Per request (default: ${DEFAULT-VALUE}).")
  Duration timeout = Duration.ZERO;

  @Option(
      names = "--max-iterations",
      defaultValue = "1000000",
      description =
          "Stop a round after this many iterations even if time is left (default: ${DEFAULT-VALUE}).")
  long maxIterations;

  @Option(
      names = "--allow-remote",
      description = "Permit a non-loopback host (only ever a test host you own).")
  boolean allowRemote;

  @Option(
      names = "--user",
      description = "Send HTTP Basic credentials of this user with every request.")
  @Nullable String user;

  @Option(
      names = "--password",
      arity = "0..1",
      interactive = true,
      description = "The --user's password; without a value it is asked for.")
  char @Nullable [] password;

  @Option(
      names = "--max-error-rate",
      defaultValue = "0.01",
      description =
          "Threshold: 5xx, 401/403 and transport errors per request (default: ${DEFAULT-VALUE}).")
  double maxErrorRate;

  @Option(
      names = "--max-conflict-rate",
      defaultValue = "0.10",
      description = "Threshold: 409s per move, spread mode (default: ${DEFAULT-VALUE}).")
  double maxConflictRate;

  @Option(
      names = "--max-p95-ms",
      defaultValue = "400",
      description = "Threshold: p95 of all requests, 0 = off (default: ${DEFAULT-VALUE}).")
  double maxP95Millis;

  @Option(
      names = "--target-p95-ms",
      defaultValue = "20",
      description =
          "Our p95 target, spread mode, <= 64 users, 0 = off (default: ${DEFAULT-VALUE}).")
  double targetP95Millis;

  /** A command line that reads into the command, enum values in any case. */
  static CommandLine commandLine(LoadCommand command) {
    return new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
  }

  /**
   * The options the command line gave.
   *
   * @throws IllegalArgumentException naming the option whose value cannot be run
   */
  LoadOptions toOptions() {
    List<Target> list = new ArrayList<>();
    if (where.url != null) {
      list.add(Target.of(Target.SINGLE, where.url));
    } else {
      where.targets.forEach((name, url) -> list.add(Target.of(name, url)));
    }
    if (password != null && user == null) {
      throw new IllegalArgumentException("--password needs --user");
    }
    Credentials credentials =
        user == null ? null : new Credentials(user, password == null ? "" : new String(password));
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    return new LoadOptions(
        list,
        rounds,
        mode,
        model,
        mix,
        users,
        duration,
        warmup,
        rate,
        think,
        thinkSpread,
        hotCards,
        from == null ? today : from,
        to == null ? today.plusDays(1) : to,
        out,
        seed == null ? System.nanoTime() : seed,
        timeout,
        maxIterations,
        allowRemote,
        credentials,
        new Thresholds(maxErrorRate, maxConflictRate, maxP95Millis, targetP95Millis),
        stepRates == null ? null : StepPlan.parse(stepRates, stepP95Millis, stepWindows));
  }

  /** Reads a mix by its command-line name, {@code board-and-move} or {@code moves}. */
  static final class MixConverter implements CommandLine.ITypeConverter<LoadOptions.Mix> {
    @Override
    public LoadOptions.Mix convert(String text) {
      try {
        return LoadOptions.Mix.of(text);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** Reads {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, or bare seconds. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      Matcher m = DURATION.matcher(text.trim());
      if (!m.matches()) {
        throw new CommandLine.TypeConversionException(
            "'" + text + "' is not a duration such as 500ms, 30s, 2m or 1h");
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
  }
}
