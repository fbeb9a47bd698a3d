package dev.occ.example.shop.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Collectors;

/**
 * Writes one line per fault case to {@code target/fault-report.md}, a Markdown table to paste into
 * {@code benchmarks/RESULTS.md}. The first case of a test run starts the file afresh.
 */
final class FaultReport {
  static final Path FILE = Path.of("target", "fault-report.md");
  private static boolean started;

  private FaultReport() {}

  /** Appends the case's line (starting the file with a header on the first case of the run). */
  static synchronized void add(FaultRun.Result r) {
    try {
      Files.createDirectories(FILE.getParent());
      if (!started) {
        Files.writeString(FILE, header(), StandardCharsets.UTF_8);
        started = true;
      }
      Files.writeString(FILE, line(r), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + FILE.toAbsolutePath(), e);
    }
  }

  private static String header() {
    return "### Fault tests, "
        + Instant.now().truncatedTo(ChronoUnit.SECONDS)
        + "\n\n"
        + FaultRun.INSTANCES
        + " example-app instances on one PostgreSQL, "
        + FaultRun.CLIENTS
        + " HTTP clients moving "
        + FaultRun.CARDS
        + " cards; a 503 (or no answer) is retried"
        + " briefly with the same move. Answers count every HTTP request; recovery is the time from"
        + " the end of the fault (database back) to the first 200.\n\n"
        + "| case | moves | 200 | 409 | 503 (codes) | other | transport errors | recovery ms"
        + " | lost | duplicated | applied, not acknowledged | false 409 |\n"
        + "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|\n";
  }

  private static String line(FaultRun.Result r) {
    MoveAudit.Findings f = r.findings();
    int others =
        f.answersByStatus().entrySet().stream()
            .filter(
                e -> e.getKey() > 0 && e.getKey() != 200 && e.getKey() != 409 && e.getKey() != 503)
            .mapToInt(e -> e.getValue())
            .sum();
    String codes =
        f.codes503().isEmpty()
            ? ""
            : f.codes503().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ", " (", ")"));
    return "| "
        + r.name()
        + " | "
        + f.logicalMoves()
        + " | "
        + f.answersByStatus().getOrDefault(200, 0)
        + " | "
        + f.answersByStatus().getOrDefault(409, 0)
        + " | "
        + f.answersByStatus().getOrDefault(503, 0)
        + codes
        + " | "
        + (others == 0 ? "0" : others + " " + otherStatuses(f))
        + " | "
        + f.transportErrors()
        + " | "
        + (r.recoveryMillis() < 0 ? "never" : Long.toString(r.recoveryMillis()))
        + " | "
        + f.lost().size()
        + " | "
        + (f.duplicated().size() + f.badAcknowledgements().size())
        + " | "
        + f.appliedNotAcknowledged()
        + " | "
        + f.falseConflicts().size()
        + " |\n";
  }

  private static String otherStatuses(MoveAudit.Findings f) {
    return f.answersByStatus().entrySet().stream()
        .filter(e -> e.getKey() > 0 && e.getKey() != 200 && e.getKey() != 409 && e.getKey() != 503)
        .map(e -> e.getKey() + "×" + e.getValue())
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
