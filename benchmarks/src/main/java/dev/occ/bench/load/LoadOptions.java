package dev.occ.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/**
 * What one load test run does, checked; {@link LoadCommand} reads it from the command line. Every
 * run is bounded in time and in iterations, and by default it only targets loopback addresses.
 *
 * @param targets the apps to drive, in order; with more than one, rounds alternate between them
 * @param rounds how many measured rounds each target gets
 * @param mode which cards the users move
 * @param model closed (a fixed number of users) or open (a fixed arrival rate)
 * @param mix what one iteration does: load the board and move a card, or only move one
 * @param users virtual users (closed), or the most iterations in flight at once (open)
 * @param duration how long each measured round lasts
 * @param warmup how long to run before a target's first round; moves made then are still audited
 * @param rate iterations started per second (open model only)
 * @param think pause after each iteration (closed model only), on average
 * @param thinkSpread how far each pause may stray from {@code think}, as a share of it: each pause
 *     is drawn uniformly from {@code think × [1 − spread, 1 + spread]}, and each user's first
 *     iteration waits a uniform share of {@code think}, so that users who started together do not
 *     stay in step; 0 for the same pause every time and every user starting at once
 * @param hotCards how many cards hot mode moves
 * @param from first board day
 * @param to last board day
 * @param out where the results go
 * @param seed seed of the users' random choices
 * @param timeout per-request timeout
 * @param maxIterations an upper bound on iterations of one round, whatever the duration
 * @param allowRemote whether a host other than loopback may be targeted
 * @param credentials HTTP Basic credentials for every request, or null to send none
 * @param thresholds pass/fail limits
 * @param steps the arrival rates an open-model run steps through to find the highest sustainable
 *     one, or null for a run at {@code rate}
 */
public record LoadOptions(
    List<Target> targets,
    int rounds,
    Mode mode,
    Model model,
    Mix mix,
    int users,
    Duration duration,
    Duration warmup,
    double rate,
    Duration think,
    double thinkSpread,
    int hotCards,
    LocalDate from,
    LocalDate to,
    Path out,
    long seed,
    Duration timeout,
    long maxIterations,
    boolean allowRemote,
    @Nullable Credentials credentials,
    Thresholds thresholds,
    @Nullable StepPlan steps) {

  private static final Duration MAX_DURATION = Duration.ofHours(1);

  /** The most measured rounds per target: rounds times duration is bounded too. */
  public static final int MAX_ROUNDS = 1000;

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

  /** What one iteration of a virtual user does. */
  public enum Mix {
    /** Load the board, move a card with the version it showed, re-sync on 409: the web board. */
    BOARD_AND_MOVE("board-and-move"),
    /**
     * Only move cards, each from the version the user last saw; the board is loaded once at the
     * user's start and again only after an error. The moves' latency is the one that counts.
     */
    MOVES("moves");

    private final String label;

    Mix(String label) {
      this.label = label;
    }

    /** The name on the command line and in the results. */
    public String label() {
      return label;
    }

    /**
     * The mix with this command-line name.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Mix of(String label) {
      for (Mix m : values()) {
        if (m.label.equalsIgnoreCase(label.trim())) {
          return m;
        }
      }
      throw new IllegalArgumentException("'" + label + "' is not a mix: board-and-move or moves");
    }
  }

  /** Checks what the command line's types cannot. */
  public LoadOptions {
    targets = List.copyOf(targets);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("give the app with --url, or several with --target");
    }
    Set<String> names = new HashSet<>();
    for (Target t : targets) {
      if (!names.add(t.name())) {
        throw new IllegalArgumentException("--target names must differ: " + t.name());
      }
    }
    if (rounds < 1 || rounds > MAX_ROUNDS) {
      throw new IllegalArgumentException("--rounds must be between 1 and " + MAX_ROUNDS);
    }
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
    if (duration.multipliedBy((long) rounds * targets.size()).compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          "--duration x --rounds x targets must be at most 1h of measured time");
    }
    if (model == Model.OPEN && !(rate > 0)) {
      throw new IllegalArgumentException("--rate must be > 0");
    }
    if (steps != null) {
      if (model != Model.OPEN) {
        throw new IllegalArgumentException("--step-rates needs --model open");
      }
      if (rounds != 1) {
        throw new IllegalArgumentException(
            "--step-rates runs one window per rate and target: leave --rounds at 1");
      }
      if (duration
              .multipliedBy((long) steps.rates().size() * steps.windows() * targets.size())
              .compareTo(MAX_DURATION)
          > 0) {
        throw new IllegalArgumentException(
            "--duration x --step-rates x --step-windows x targets must be at most 1h of measured"
                + " time");
      }
    }
    if (think.isNegative() || timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("--think must be >= 0 and --timeout > 0");
    }
    if (!(thinkSpread >= 0 && thinkSpread <= 1)) {
      throw new IllegalArgumentException("--think-spread must be between 0 and 1");
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
  }

  /**
   * Reads the command line, as {@link LoadTest} does.
   *
   * @throws IllegalArgumentException with a message fit for the user on any bad argument, or when
   *     help was asked for (the message is then the usage)
   */
  public static LoadOptions parse(String... args) {
    LoadCommand command = new LoadCommand();
    CommandLine cli = LoadCommand.commandLine(command);
    try {
      cli.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (cli.isUsageHelpRequested()) {
      throw new IllegalArgumentException(cli.getUsageMessage());
    }
    return command.toOptions();
  }

  /** Whether the run compares several apps. */
  public boolean comparing() {
    return targets.size() > 1;
  }

  /** Whether the run steps through arrival rates rather than holding one. */
  public boolean stepping() {
    return steps != null;
  }

  /**
   * Returns the lower-case tag of this run for file names: {@code spread-closed} for today's runs,
   * with {@code -moves} for the moves-only mix and {@code -steps} for a stepping run.
   */
  public String tag() {
    return mode.name().toLowerCase(Locale.ROOT)
        + "-"
        + model.name().toLowerCase(Locale.ROOT)
        + (mix == Mix.MOVES ? "-moves" : "")
        + (steps != null ? "-steps" : "");
  }
}
