package dev.occ.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link LostUpdateProbe} run saw and what it found wrong. Invariant 1 ("no lost update") is
 * checked on the facts: among acknowledged writes each new version is the expected version + 1, no
 * two acknowledgements share a version, and the final version is the initial version plus the
 * acknowledgements (plus at most the writes whose outcome is unknown). A conflict that reports the
 * expected version as the actual one is found wrong too (invariant 2: a conflict tells the truth).
 */
public final class ProbeReport {
  /** Lines per kind of violation before the report says how many more there are. */
  private static final int MAX_LINES = 10;

  /** One write by one client: the version it read and what the write reported. */
  record Attempt(int client, int write, long expected, WriteResult result) {
    String where() {
      return "client " + client + " write " + write;
    }
  }

  /** A read or write that threw. */
  record Failure(int client, int write, boolean read, Exception error) {}

  private final int clients;
  private final int writesPerClient;
  private final boolean lockstep;
  private final long initialVersion;
  private final long finalVersion;
  private final List<Long> acknowledgedVersions;
  private final int attempts;
  private final int acknowledged;
  private final int conflicts;
  private final int notApplied;
  private final int unknownOutcomes;
  private final int failedReads;
  private final List<Exception> failureSamples;
  private final @Nullable Long retries;
  private final @Nullable Long faultsInjected;
  private final Duration elapsed;
  private final List<String> violations;

  ProbeReport(
      LostUpdateProbe probe,
      long initialVersion,
      long finalVersion,
      List<Attempt> log,
      List<Failure> failures,
      @Nullable Long retries,
      @Nullable Long faultsInjected,
      Duration elapsed) {
    this.clients = probe.clients();
    this.writesPerClient = probe.writesPerClient();
    this.lockstep = probe.isLockstep();
    this.initialVersion = initialVersion;
    this.finalVersion = finalVersion;
    List<Long> acked = new ArrayList<>();
    int conflictCount = 0;
    int notAppliedCount = 0;
    for (Attempt a : log) {
      if (a.result() instanceof WriteResult.Acknowledged ack) {
        acked.add(ack.newVersion());
      } else if (a.result() instanceof WriteResult.Conflict) {
        conflictCount++;
      } else {
        notAppliedCount++;
      }
    }
    acked.sort(null);
    this.acknowledgedVersions = List.copyOf(acked);
    this.acknowledged = acked.size();
    this.conflicts = conflictCount;
    this.notApplied = notAppliedCount;
    this.unknownOutcomes = (int) failures.stream().filter(f -> !f.read()).count();
    this.failedReads = failures.size() - unknownOutcomes;
    this.attempts = log.size() + unknownOutcomes;
    this.failureSamples = failures.stream().limit(5).map(Failure::error).toList();
    this.retries = retries;
    this.faultsInjected = faultsInjected;
    this.elapsed = elapsed;
    this.violations = List.copyOf(judge(log));
  }

  private List<String> judge(List<Attempt> log) {
    List<String> found = new ArrayList<>();
    List<String> wrongVersions = new ArrayList<>();
    List<String> aboveFinal = new ArrayList<>();
    List<String> falseConflicts = new ArrayList<>();
    Map<Long, List<Attempt>> byVersion = new TreeMap<>();
    for (Attempt a : log) {
      if (a.result() instanceof WriteResult.Acknowledged ack) {
        long v = ack.newVersion();
        byVersion.computeIfAbsent(v, k -> new ArrayList<>()).add(a);
        if (v != a.expected() + 1) {
          wrongVersions.add(
              a.where()
                  + " was acknowledged at version "
                  + v
                  + " after reading version "
                  + a.expected()
                  + " (must be "
                  + (a.expected() + 1)
                  + ")");
        }
        if (v <= initialVersion) {
          wrongVersions.add(
              a.where()
                  + " was acknowledged at version "
                  + v
                  + ", not above the row's initial version "
                  + initialVersion);
        }
        if (v > finalVersion) {
          aboveFinal.add(
              a.where()
                  + " was acknowledged at version "
                  + v
                  + ", above the row's final version "
                  + finalVersion
                  + ": it did not last");
        }
      } else if (a.result() instanceof WriteResult.Conflict conflict
          && conflict.actualVersion() != null
          && conflict.actualVersion() == a.expected()) {
        falseConflicts.add(
            a.where()
                + " was refused as a conflict, but the actual version it"
                + " reported is the expected one, "
                + a.expected());
      }
    }
    List<String> shared = new ArrayList<>();
    byVersion.forEach(
        (v, acks) -> {
          if (acks.size() > 1) {
            shared.add(
                "version "
                    + v
                    + " was acknowledged "
                    + acks.size()
                    + " times ("
                    + String.join(", ", acks.stream().map(Attempt::where).toList())
                    + "): "
                    + (acks.size() - 1)
                    + " of these updates were lost");
          }
        });
    addCapped(found, shared);
    addCapped(found, wrongVersions);
    addCapped(found, aboveFinal);
    long least = initialVersion + acknowledged;
    long most = least + unknownOutcomes;
    if (finalVersion < least) {
      found.add(
          "the row's final version is "
              + finalVersion
              + ", but initial version "
              + initialVersion
              + " + "
              + acknowledged
              + " acknowledged writes = "
              + least
              + ": acknowledged writes were lost");
    } else if (finalVersion > most) {
      found.add(
          "the row's final version is "
              + finalVersion
              + ", but initial version "
              + initialVersion
              + " + "
              + acknowledged
              + " acknowledged writes"
              + (unknownOutcomes == 0 ? "" : " + " + unknownOutcomes + " of unknown outcome")
              + " = "
              + most
              + ": writes that were not acknowledged took effect");
    }
    addCapped(found, falseConflicts);
    return found;
  }

  private static void addCapped(List<String> into, List<String> lines) {
    into.addAll(lines.subList(0, Math.min(MAX_LINES, lines.size())));
    if (lines.size() > MAX_LINES) {
      into.add("… and " + (lines.size() - MAX_LINES) + " more like the above");
    }
  }

  /** Returns how many clients ran. */
  public int clients() {
    return clients;
  }

  /** Returns how many writes each client attempted. */
  public int writesPerClient() {
    return writesPerClient;
  }

  /** Returns whether the clients ran in lockstep rounds. */
  public boolean lockstep() {
    return lockstep;
  }

  /** Returns the row's version before the clients started. */
  public long initialVersion() {
    return initialVersion;
  }

  /** Returns the row's version after all clients finished. */
  public long finalVersion() {
    return finalVersion;
  }

  /** Returns the versions of the acknowledged writes, in ascending order (duplicates kept). */
  public List<Long> acknowledgedVersions() {
    return acknowledgedVersions;
  }

  /** Returns how many writes were attempted (a failed read attempts none). */
  public int attempts() {
    return attempts;
  }

  /** Returns how many writes were acknowledged. */
  public int acknowledged() {
    return acknowledged;
  }

  /** Returns how many writes were refused as conflicts. */
  public int conflicts() {
    return conflicts;
  }

  /**
   * Returns how many writes reported that they did not happen, for a reason other than a conflict.
   */
  public int notApplied() {
    return notApplied;
  }

  /** Returns how many writes threw, so that whether they happened is unknown. */
  public int unknownOutcomes() {
    return unknownOutcomes;
  }

  /** Returns how many reads of the version threw (the client skipped that write). */
  public int failedReads() {
    return failedReads;
  }

  /** Returns the first few exceptions that reads and writes threw. */
  public List<Exception> failureSamples() {
    return failureSamples;
  }

  /** Returns how many retries the retry counter saw during the run, if the probe had one. */
  public OptionalLong retries() {
    return retries == null ? OptionalLong.empty() : OptionalLong.of(retries);
  }

  /**
   * Returns how many faults the probe's {@link FaultInjector} fired during the run, if it had one.
   */
  public OptionalLong faultsInjected() {
    return faultsInjected == null ? OptionalLong.empty() : OptionalLong.of(faultsInjected);
  }

  /** Returns how long the clients ran, from the start signal until the last one finished. */
  public Duration elapsed() {
    return elapsed;
  }

  /**
   * Returns attempted writes per second of {@link #elapsed()} (lockstep rounds hold clients back).
   */
  public double attemptsPerSecond() {
    return perSecond(attempts);
  }

  /** Returns acknowledged writes per second of {@link #elapsed()}. */
  public double acknowledgedPerSecond() {
    return perSecond(acknowledged);
  }

  private double perSecond(long n) {
    long nanos = Math.max(1, elapsed.toNanos());
    return n * 1e9 / nanos;
  }

  /** Returns what the probe found wrong, one line each; empty if nothing. */
  public List<String> violations() {
    return violations;
  }

  /** Returns whether the probe found an update lost (or another violation of the invariants). */
  public boolean hasLostUpdates() {
    return !violations.isEmpty();
  }

  /**
   * Checks that no acknowledged update was lost, and that at least one write was acknowledged (a
   * run without any proves nothing).
   *
   * @return this report
   * @throws AssertionError listing the violations, with the run's summary
   */
  public ProbeReport assertNoLostUpdates() {
    if (!violations.isEmpty()) {
      throw new AssertionError("Lost updates:\n  " + String.join("\n  ", violations) + "\n" + this);
    }
    if (acknowledged == 0) {
      AssertionError e =
          new AssertionError("No write was acknowledged, so the probe proved nothing.\n" + this);
      failureSamples.forEach(e::addSuppressed);
      throw e;
    }
    return this;
  }

  /**
   * Checks that no read or write threw.
   *
   * @return this report
   * @throws AssertionError with the first exceptions as suppressed ones
   */
  public ProbeReport assertNoFailures() {
    if (unknownOutcomes + failedReads > 0) {
      AssertionError e =
          new AssertionError(
              unknownOutcomes + " write(s) and " + failedReads + " read(s) threw.\n" + this);
      failureSamples.forEach(e::addSuppressed);
      throw e;
    }
    return this;
  }

  @Override
  public String toString() {
    StringBuilder s =
        new StringBuilder("LostUpdateProbe: ")
            .append(clients)
            .append(" clients x ")
            .append(writesPerClient)
            .append(" writes")
            .append(lockstep ? " in lockstep" : ", free-running")
            .append(" in ")
            .append(elapsed.toMillis())
            .append(" ms (")
            .append(String.format(Locale.ROOT, "%.1f", attemptsPerSecond()))
            .append(" attempts/s); version ")
            .append(initialVersion)
            .append(" -> ")
            .append(finalVersion)
            .append("; acknowledged ")
            .append(acknowledged)
            .append(", conflicts ")
            .append(conflicts)
            .append(", not applied ")
            .append(notApplied)
            .append(", unknown outcome ")
            .append(unknownOutcomes)
            .append(", failed reads ")
            .append(failedReads);
    if (retries != null) {
      s.append(", retries ").append(retries);
    }
    if (faultsInjected != null) {
      s.append(", faults injected ").append(faultsInjected);
    }
    return s.append(
            violations.isEmpty() ? "; no lost update" : "; " + violations.size() + " violation(s)")
        .toString();
  }
}
