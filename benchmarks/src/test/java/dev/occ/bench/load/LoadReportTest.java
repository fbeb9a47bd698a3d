package dev.occ.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Rates, latency correction and thresholds on a synthetic tally. */
class LoadReportTest {
  private static LoadOptions options(String... extra) {
    String[] args = new String[extra.length + 2];
    args[0] = "--url";
    args[1] = "http://localhost:8080";
    System.arraycopy(extra, 0, args, 2, extra.length);
    return LoadOptions.parse(args);
  }

  private static final MoveAudit.Result CLEAN =
      MoveAudit.audit(
          List.of(new Ack("1", 1, 2, "READY")),
          Map.of("1", List.of(new MoveAudit.Move("SCHEDULED", "READY", 1, 2))),
          Map.of());

  /** 1000 iterations of a board (1 ms) and a move (2 ms); 50 moves conflict, 40 recover. */
  private static Tally tally() {
    Tally t = new Tally();
    for (int i = 0; i < 1000; i++) {
      Tally.record(t.board, 1_000_000);
      Tally.record(t.move, 2_000_000);
      Tally.record(t.iteration, 3_000_000);
    }
    t.iterations = 1000;
    t.boardRequests = 1000;
    t.moveRequests = 1050;
    t.firstMoves = 1000;
    t.firstConflicts = 50;
    t.conflicts = 60;
    t.retries = 50;
    t.recovered = 40;
    t.retryConflicts = 10;
    t.serverErrors = 3;
    t.transportErrors = 2;
    t.acknowledged = 990;
    return t;
  }

  private static Map<String, LoadReport.Check> byName(LoadReport r) {
    return r.checks().stream().collect(Collectors.toMap(LoadReport.Check::name, c -> c));
  }

  @Test
  void ratesFollowTheCardsDefinitions() {
    LoadReport r = LoadReport.of(options(), tally(), CLEAN, 10, Instant.EPOCH);

    assertThat(r.errorRate()).isEqualTo(5.0 / 2050); // 409 is not an error
    assertThat(r.conflictRate()).isEqualTo(60.0 / 1050);
    assertThat(r.recoveryRate()).isEqualTo(40.0 / 50);
    assertThat(r.toJson().get("throughput_rps")).isEqualTo(205.0);
  }

  @Test
  void refusedRequestsAreErrorsNeverSuccesses() {
    Tally t = tally();
    t.authErrors = 20;

    LoadReport r = LoadReport.of(options(), t, CLEAN, 10, Instant.EPOCH);

    assertThat(r.errorRate()).isEqualTo(25.0 / 2050);
    JsonNode json = ContractJson.MAPPER.valueToTree(r.toJson());
    assertThat(json.path("errors").path("refused_401_403").longValue()).isEqualTo(20);
    assertThat(byName(r).get("error_rate").passed()).isFalse();
  }

  @Test
  void aSteadyClosedRunNeedsNoCorrectionAndPassesEveryThreshold() {
    LoadReport r = LoadReport.of(options(), tally(), CLEAN, 10, Instant.EPOCH);

    assertThat(r.p95Millis()).isBetween(1.99, 2.01);
    assertThat(r.passed()).as(r.summary()).isTrue();
  }

  @Test
  void aStallInTheClosedModelIsChargedForTheRequestsItHid() {
    Tally t = tally();
    Tally.record(t.move, 300_000_000); // one 300 ms stall: a user would have sent ~100 more moves

    LoadReport r = LoadReport.of(options(), t, CLEAN, 10, Instant.EPOCH);

    JsonNode latency = ContractJson.MAPPER.valueToTree(r.toJson()).path("latency");
    assertThat(latency.path("all_uncorrected").path("p99").doubleValue()).isLessThan(3.0);
    assertThat(latency.path("all").path("p99").doubleValue()).isGreaterThan(100.0);
  }

  @Test
  void theConflictThresholdAppliesToSpreadModeOnly() {
    Tally t = tally();
    t.conflicts = 500;

    assertThat(
            byName(LoadReport.of(options("--mode", "spread"), t, CLEAN, 10, Instant.EPOCH))
                .get("conflict_rate")
                .passed())
        .isFalse();
    LoadReport.Check hot =
        byName(LoadReport.of(options("--mode", "hot"), t, CLEAN, 10, Instant.EPOCH))
            .get("conflict_rate");
    assertThat(hot.applied()).isFalse();
    assertThat(hot.passed()).isTrue();
  }

  @Test
  void ourLatencyTargetAppliesInSpreadModeUpTo64Users() {
    Tally t = tally();
    for (int i = 0; i < 500; i++) {
      Tally.record(t.move, 30_000_000);
    }
    // Open model: no correction, so p95 is exactly the recorded 30 ms tail.
    Map<String, LoadReport.Check> at64 =
        byName(
            LoadReport.of(
                options("--model", "open", "--users", "64"), t, CLEAN, 10, Instant.EPOCH));
    Map<String, LoadReport.Check> at128 =
        byName(
            LoadReport.of(
                options("--model", "open", "--users", "128"), t, CLEAN, 10, Instant.EPOCH));

    assertThat(at64.get("p95_target").passed()).isFalse();
    assertThat(at64.get("p95_card").passed()).isTrue();
    assertThat(at128.get("p95_target").applied()).isFalse();
  }

  @Test
  void tooManyErrorsOrALostMoveFailTheRun() {
    Tally t = tally();
    t.serverErrors = 100;
    MoveAudit.Result lost =
        MoveAudit.audit(List.of(new Ack("1", 5, 6, "READY")), Map.of("1", List.of()), Map.of());

    assertThat(
            byName(LoadReport.of(options(), t, CLEAN, 10, Instant.EPOCH))
                .get("error_rate")
                .passed())
        .isFalse();
    assertThat(
            byName(LoadReport.of(options(), tally(), lost, 10, Instant.EPOCH))
                .get("lost_moves")
                .passed())
        .isFalse();
  }

  @Test
  void aRunWithNothingAcknowledgedProvesNothingAndFails() {
    MoveAudit.Result empty = MoveAudit.audit(List.of(), Map.of(), Map.of());

    assertThat(LoadReport.of(options(), tally(), empty, 10, Instant.EPOCH).passed()).isFalse();
  }

  @Test
  void theChartIsSelfContained() {
    String html = LatencyChart.html(LoadReport.of(options(), tally(), CLEAN, 10, Instant.EPOCH));

    assertThat(html)
        .contains("<svg", "<polyline", "99.99%")
        .doesNotContain("<script", "src=", "href=");
  }
}
