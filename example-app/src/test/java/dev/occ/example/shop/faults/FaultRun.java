package dev.occ.example.shop.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.testing.FaultCluster;
import dev.occ.testing.PostgresProxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One fault case on a {@link ShopFleet}: six fresh cards, eight clients moving them; a short load
 * phase, the fault, a short load phase after it; then the audit, one line in the fault report, and
 * the invariants asserted.
 */
final class FaultRun {
  static final int INSTANCES = ShopFleet.INSTANCES;
  static final int CLIENTS = 8;
  static final int CARDS = 6;

  /** The longest a client may wait, after the fault ended, for the first move to succeed. */
  static final Duration RECOVERY_LIMIT = Duration.ofSeconds(5);

  private static final int WARM_UP_ACKS = 20;
  private static final Duration WARM_UP_LIMIT = Duration.ofSeconds(10);

  /** Load after the first success that followed the fault: the system must stay healthy. */
  private static final Duration STEADY_AFTER_RECOVERY = Duration.ofMillis(1500);

  private static final Duration LONGEST_AFTER_FAULT = Duration.ofSeconds(7);

  /** Breaks something while the clients run; returns when the fault is over (database back). */
  @FunctionalInterface
  interface Fault {
    void inject(Context context) throws Exception;
  }

  /** What a fault may reach: the database, the proxy if any, the running apps and the cards. */
  record Context(
      FaultCluster.Database database,
      @Nullable PostgresProxy proxy,
      List<ConfigurableApplicationContext> apps,
      List<Long> cards) {

    PostgresProxy requireProxy() {
      return Objects.requireNonNull(proxy, "this case runs without a proxy");
    }
  }

  /** What one case saw. */
  record Result(String name, MoveAudit.Findings findings, long recoveryMillis, boolean keys) {

    /**
     * Asserts the invariants: only 200, 409 and 503 answers and no transport error; nothing
     * acknowledged lost or doubled; every history an unbroken chain ending at the card's version;
     * no recorded move that no client sent; recovery within the limit; and with idempotency keys,
     * no retried move answered with a false 409.
     */
    void assertInvariants() {
      MoveAudit.Findings f = findings;
      List<String> violations = new ArrayList<>();
      check(violations, f.otherAnswers(), "answers other than 200, 409, 503");
      if (f.transportErrors() > 0) {
        violations.add(f.transportErrors() + " requests got no HTTP answer");
      }
      if (f.answersByStatus().getOrDefault(200, 0) == 0) {
        violations.add("no move was acknowledged");
      }
      check(violations, f.badAcknowledgements(), "200s that are not one version further");
      check(violations, f.lost(), "acknowledged moves missing from the history");
      check(violations, f.duplicated(), "versions acknowledged to two moves");
      check(violations, f.brokenChains(), "histories that are not one chain to the card's version");
      check(violations, f.phantoms(), "recorded moves that no client sent");
      if (recoveryMillis < 0 || recoveryMillis > RECOVERY_LIMIT.toMillis()) {
        violations.add(
            "recovery: the first 200 after the fault came "
                + (recoveryMillis < 0 ? "never" : "after " + recoveryMillis + " ms")
                + ", limit "
                + RECOVERY_LIMIT.toMillis()
                + " ms");
      }
      if (keys) {
        check(
            violations,
            f.falseConflicts(),
            "moves retried with their Idempotency-Key that were applied yet answered 409");
      }
      assertThat(violations).as("%s: invariants violated", name).isEmpty();
    }

    private static void check(List<String> violations, List<String> found, String what) {
      if (!found.isEmpty()) {
        violations.add(
            found.size() + " " + what + ", e.g. " + found.subList(0, Math.min(3, found.size())));
      }
    }
  }

  private final String name;
  private boolean keys;

  private FaultRun(String name) {
    this.name = name;
  }

  /** Starts describing a case; its name heads its line in the report. */
  static FaultRun named(String name) {
    return new FaultRun(name);
  }

  /** Clients send an Idempotency-Key with each logical move and the same one on its retries. */
  FaultRun withIdempotencyKeys() {
    this.keys = true;
    return this;
  }

  /**
   * Runs the case on the fleet with cards of its own, and writes its report line; the caller
   * asserts on the result.
   */
  Result run(ShopFleet fleet, Fault fault) throws Exception {
    try {
      List<Long> cards = fleet.createCards(CARDS);
      try (MoveClients clients = new MoveClients(fleet.apisByUser(), cards, CLIENTS, keys)) {
        long started = System.nanoTime();
        clients.start(MoveAudit.INITIAL_VERSION);
        awaitWarmUp(clients);

        long faultStarted = System.nanoTime();
        fault.inject(new Context(fleet.database(), fleet.proxy(), fleet.apps(), cards));
        long faultEnded = System.nanoTime();

        awaitRecovery(clients, faultEnded);
        long stopping = System.nanoTime();
        clients.stopAndAwait();
        String phases =
            String.format(
                "warm-up %d ms, fault %d ms, after it %d ms, last moves %d ms",
                millis(faultStarted - started),
                millis(faultEnded - faultStarted),
                millis(stopping - faultEnded),
                millis(System.nanoTime() - stopping));
        Long first = clients.firstSuccessAtOrAfter(faultEnded);
        long recovery = first == null ? -1 : Duration.ofNanos(first - faultEnded).toMillis();
        MoveAudit.Findings findings;
        try (Connection c = fleet.database().connect()) {
          findings = MoveAudit.audit(c, cards, clients.moves());
        }
        Result result = new Result(name, findings, recovery, keys);
        FaultReport.add(result);
        System.out.printf(
            "fault case %s: %d moves, answers %s, 503 codes %s, recovery %d ms, lost %d,"
                + " duplicated %d, applied but not acknowledged %d, false 409 %d (%s)%n",
            name,
            findings.logicalMoves(),
            findings.answersByStatus(),
            findings.codes503(),
            recovery,
            findings.lost().size(),
            findings.duplicated().size() + findings.badAcknowledgements().size(),
            findings.appliedNotAcknowledged(),
            findings.falseConflicts().size(),
            phases);
        return result;
      }
    } finally {
      // Whatever happened, the next case finds the cluster running.
      FaultCluster.ensureRunning();
    }
  }

  private static long millis(long nanos) {
    return Duration.ofNanos(nanos).toMillis();
  }

  private static void awaitWarmUp(MoveClients clients) throws InterruptedException {
    long deadline = System.nanoTime() + WARM_UP_LIMIT.toNanos();
    while (clients.acknowledged() < WARM_UP_ACKS && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(clients.acknowledged()).as("moves acknowledged before the fault").isPositive();
  }

  private static void awaitRecovery(MoveClients clients, long faultEnded)
      throws InterruptedException {
    long latest = faultEnded + LONGEST_AFTER_FAULT.toNanos();
    while (System.nanoTime() < latest) {
      Long first = clients.firstSuccessAtOrAfter(faultEnded);
      if (first != null && System.nanoTime() - first >= STEADY_AFTER_RECOVERY.toNanos()) {
        return;
      }
      Thread.sleep(50);
    }
  }

  /** Reads one number with a query on a direct connection to the database. */
  static long queryLong(FaultCluster.Database db, String sql) throws SQLException {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
