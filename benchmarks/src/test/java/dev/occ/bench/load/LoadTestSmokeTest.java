package dev.occ.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Runs the load tool end to end for a second or two against {@link FakeShopServer}, a test double
 * of the HTTP contract: it must drive the contract, write its files, pass against a correct app and
 * fail against one that loses moves. The real app is measured by hand (README.md).
 */
class LoadTestSmokeTest {
  @TempDir Path out;

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errors = new ByteArrayOutputStream();

  @Test
  void spreadClosedRunPassesAgainstACorrectApp() throws Exception {
    try (FakeShopServer app = new FakeShopServer(40, FakeShopServer.Behaviour.CORRECT)) {
      int status =
          run(
              app,
              "--mode",
              "spread",
              "--model",
              "closed",
              "--users",
              "8",
              "--duration",
              "2s",
              "--warmup",
              "200ms");

      assertThat(status).as(printed.toString()).isEqualTo(LoadTest.PASSED);
      JsonNode result =
          ContractJson.read(Files.readString(out.resolve("result-spread-closed.json")));
      assertThat(result.path("passed").booleanValue()).isTrue();
      assertThat(result.path("audit").path("acknowledged").longValue()).isPositive();
      assertThat(result.path("audit").path("lost_moves").longValue()).isZero();
      assertThat(result.path("requests").path("move").longValue()).isPositive();
      assertThat(result.path("latency").path("all").path("p95").isNumber()).isTrue();
      String html = Files.readString(out.resolve("latency-spread-closed.html"));
      assertThat(html).contains("<svg", "<polyline", "lost moves").doesNotContain("<script");
    }
  }

  @Test
  void hotOpenRunConflictsRecoversAndLosesNothing() throws Exception {
    try (FakeShopServer app = new FakeShopServer(40, FakeShopServer.Behaviour.CORRECT)) {
      int status =
          run(
              app,
              "--mode",
              "hot",
              "--model",
              "open",
              "--rate",
              "150",
              "--users",
              "16",
              "--duration",
              "1500ms");

      assertThat(status).as(printed.toString()).isEqualTo(LoadTest.PASSED);
      JsonNode result = ContractJson.read(Files.readString(out.resolve("result-hot-open.json")));
      assertThat(result.path("audit").path("cards").longValue()).isBetween(1L, 3L);
      assertThat(result.path("conflicts").path("total_409").longValue()).isPositive();
      assertThat(result.path("conflicts").path("recovered").longValue()).isPositive();
      assertThat(result.path("audit").path("lost_moves").longValue()).isZero();
    }
  }

  @Test
  void lastWriteWinsAppFailsTheLostMoveAudit() throws Exception {
    try (FakeShopServer app = new FakeShopServer(40, FakeShopServer.Behaviour.LAST_WRITE_WINS)) {
      int status = run(app, "--mode", "hot", "--users", "8", "--duration", "1s");

      assertThat(status).isEqualTo(LoadTest.FAILED);
      JsonNode result = ContractJson.read(Files.readString(out.resolve("result-hot-closed.json")));
      assertThat(result.path("audit").path("not_increment").longValue()).isPositive();
      assertThat(printed.toString()).contains("FAIL lost_moves");
    }
  }

  @Test
  void appThatDropsHistoryFailsTheLostMoveAudit() throws Exception {
    try (FakeShopServer app = new FakeShopServer(40, FakeShopServer.Behaviour.DROPS_HISTORY)) {
      int status = run(app, "--mode", "spread", "--users", "4", "--duration", "1s");

      assertThat(status).isEqualTo(LoadTest.FAILED);
      JsonNode result =
          ContractJson.read(Files.readString(out.resolve("result-spread-closed.json")));
      assertThat(result.path("audit").path("missing").longValue()).isPositive();
    }
  }

  @Test
  void credentialsAreSentWithEveryRequest() throws Exception {
    try (FakeShopServer app =
        new FakeShopServer(40, FakeShopServer.Behaviour.CORRECT)
            .requireUsers(Map.of("north-advisor", "demo-password"))) {
      int status =
          run(
              app,
              "--users",
              "4",
              "--duration",
              "1s",
              "--user",
              "north-advisor",
              "--password",
              "demo-password");

      assertThat(status).as(printed.toString()).isEqualTo(LoadTest.PASSED);
      JsonNode result =
          ContractJson.read(Files.readString(out.resolve("result-spread-closed.json")));
      assertThat(result.path("user").asString()).isEqualTo("north-advisor");
      assertThat(result.path("errors").path("refused_401_403").longValue()).isZero();
      assertThat(result.path("audit").path("acknowledged").longValue()).isPositive();
      assertThat(Files.readString(out.resolve("result-spread-closed.json")))
          .doesNotContain("demo-password");
    }
  }

  @Test
  void aUserWhoMayNotMoveGetsErrorsNeverSuccesses() throws Exception {
    try (FakeShopServer app =
        new FakeShopServer(40, FakeShopServer.Behaviour.CORRECT)
            .requireUsers(Map.of("north-viewer", "demo-password"))) {
      int status =
          run(
              app,
              "--users",
              "2",
              "--duration",
              "1s",
              "--user",
              "north-viewer",
              "--password",
              "demo-password");

      assertThat(status).isEqualTo(LoadTest.FAILED);
      JsonNode result =
          ContractJson.read(Files.readString(out.resolve("result-spread-closed.json")));
      assertThat(result.path("errors").path("refused_401_403").longValue()).isPositive();
      assertThat(result.path("error_rate").doubleValue()).isGreaterThan(0.4);
      assertThat(result.path("audit").path("acknowledged").longValue()).isZero();
      assertThat(printed.toString()).contains("FAIL error_rate", "HTTP 403 FORBIDDEN");
    }
  }

  @Test
  void wrongCredentialsStopTheRunBeforeItStarts() throws Exception {
    try (FakeShopServer app =
        new FakeShopServer(40, FakeShopServer.Behaviour.CORRECT)
            .requireUsers(Map.of("north-advisor", "demo-password"))) {
      int withoutAny = run(app, "--duration", "1s");
      int wrong = run(app, "--duration", "1s", "--user", "north-advisor", "--password", "nope");

      assertThat(withoutAny).isEqualTo(LoadTest.NOT_RUN);
      assertThat(wrong).isEqualTo(LoadTest.NOT_RUN);
      assertThat(errors.toString())
          .contains("HTTP 401; the app wants a signed-in user: pass --user and --password")
          .contains("the app refused user north-advisor");
    }
  }

  @Test
  void twoAppsOnOneDatabaseAlternateRoundsAndAreComparedAndAudited() throws Exception {
    try (FakeShopServer occ = new FakeShopServer(40, FakeShopServer.Behaviour.CORRECT);
        FakeShopServer peer = occ.sibling()) {
      int status =
          runAgainst(
              "occ=" + occ.url() + ",jpa=" + peer.url(),
              "--mode",
              "hot",
              "--users",
              "4",
              "--rounds",
              "3",
              "--duration",
              "300ms");

      assertThat(status).as(printed.toString()).isEqualTo(LoadTest.PASSED);
      for (String target : List.of("occ", "jpa")) {
        JsonNode result =
            ContractJson.read(
                Files.readString(out.resolve("result-hot-closed-" + target + ".json")));
        assertThat(result.path("target").asString()).isEqualTo(target);
        assertThat(result.path("audit").path("acknowledged").longValue()).isPositive();
        assertThat(result.path("audit").path("lost_moves").longValue()).isZero();
        assertThat(out.resolve("latency-hot-closed-" + target + "-all-requests.hgrm")).exists();
      }
      JsonNode comparison =
          ContractJson.read(Files.readString(out.resolve("comparison-hot-closed.json")));
      assertThat(comparison.path("baseline").asString()).isEqualTo("occ");
      assertThat(comparison.path("targets").path("jpa").path("rounds").size()).isEqualTo(3);
      assertThat(
              comparison
                  .path("targets")
                  .path("jpa")
                  .path("throughput_ratio")
                  .path("rounds")
                  .intValue())
          .isEqualTo(3);
      assertThat(comparison.path("audit_all_targets").path("lost_moves").longValue()).isZero();
      assertThat(comparison.path("audit_all_targets").path("acknowledged").longValue())
          .isEqualTo(
              ContractJson.read(Files.readString(out.resolve("result-hot-closed-occ.json")))
                      .path("audit")
                      .path("acknowledged")
                      .longValue()
                  + ContractJson.read(Files.readString(out.resolve("result-hot-closed-jpa.json")))
                      .path("audit")
                      .path("acknowledged")
                      .longValue());
      assertThat(printed.toString()).contains("jpa / occ: req/s x");
    }
  }

  @Test
  void steppingTheMovesMixFindsTheRateWhereAFailingAppStopsBeingSustainable() throws Exception {
    // jpa answers 500 to every move past its 15th: 10/s for 1 s fits, 20/s crosses it, 40/s fails
    // outright, and two unsustainable steps in a row leave 80/s out. Counts, not timings, decide.
    try (FakeShopServer occ = new FakeShopServer(40, FakeShopServer.Behaviour.CORRECT);
        FakeShopServer jpa = occ.sibling().failMovesAfter(15)) {
      int status =
          runAgainst(
              "occ=" + occ.url() + ",jpa=" + jpa.url(),
              "--model",
              "open",
              "--mix",
              "moves",
              "--users",
              "8",
              "--step-rates",
              "10,20,40,80",
              "--duration",
              "1s",
              "--step-p95-ms",
              "2000");

      // Errors past the knee are findings, not failures: only the audit decides the exit status.
      assertThat(status).as(printed.toString()).isEqualTo(LoadTest.PASSED);
      JsonNode occResult =
          ContractJson.read(
              Files.readString(out.resolve("result-spread-open-moves-steps-occ.json")));
      assertThat(occResult.path("mix").asString()).isEqualTo("moves");
      assertThat(occResult.path("requests").path("board").longValue()).isZero();
      assertThat(occResult.path("requests").path("move").longValue()).isPositive();
      assertThat(occResult.path("latency").path("counted").asString()).isEqualTo("move");
      JsonNode occSteps = occResult.path("stepping");
      assertThat(occSteps.path("latency").asString()).isEqualTo("move requests");
      assertThat(occSteps.path("steps").size()).isEqualTo(4);
      for (JsonNode row : occSteps.path("steps")) {
        assertThat(row.path("errors").longValue()).isZero();
        assertThat(row.has("achieved_per_s") && row.has("p99_ms") && row.has("conflicts")).isTrue();
      }

      JsonNode jpaSteps =
          ContractJson.read(
                  Files.readString(out.resolve("result-spread-open-moves-steps-jpa.json")))
              .path("stepping");
      assertThat(jpaSteps.path("steps").size()).isEqualTo(3);
      assertThat(jpaSteps.path("stopped_early").booleanValue()).isTrue();
      assertThat(jpaSteps.path("steps").path(0).path("sustainable").booleanValue()).isTrue();
      for (int i = 1; i < 3; i++) {
        JsonNode row = jpaSteps.path("steps").path(i);
        assertThat(row.path("sustainable").booleanValue()).as(row.toString()).isFalse();
        assertThat(row.path("errors").longValue()).isPositive();
      }
      assertThat(jpaSteps.path("steps").path(1).path("rate_per_s").doubleValue()).isEqualTo(20);
      assertThat(jpaSteps.path("highest_sustainable_rate_per_s").doubleValue()).isEqualTo(10);
      assertThat(jpaSteps.path("baseline").asString()).isEqualTo("occ");
      assertThat(jpaSteps.has("ratio_to_baseline")).isTrue();

      JsonNode comparison =
          ContractJson.read(
              Files.readString(out.resolve("comparison-spread-open-moves-steps.json")));
      assertThat(
              comparison
                  .path("stepping")
                  .path("targets")
                  .path("jpa")
                  .path("highest_sustainable_rate_per_s")
                  .doubleValue())
          .isEqualTo(10);
      assertThat(comparison.path("audit_all_targets").path("lost_moves").longValue()).isZero();
      assertThat(printed.toString())
          .contains("stepping spread-open-moves-steps", "highest sustainable rate: 10/s")
          .contains("UNSUSTAINABLE: ")
          .contains("HTTP 500 INTERNAL");
    }
  }

  @Test
  void eachRateGetsTheAskedWindowsAndIsJudgedByTheirMedian() throws Exception {
    try (FakeShopServer app = new FakeShopServer(40, FakeShopServer.Behaviour.CORRECT)) {
      int status =
          run(
              app,
              "--model",
              "open",
              "--mix",
              "moves",
              "--users",
              "4",
              "--step-rates",
              "10,20",
              "--step-windows",
              "3",
              "--duration",
              "500ms",
              "--step-p95-ms",
              "2000");

      assertThat(status).as(printed.toString()).isEqualTo(LoadTest.PASSED);
      JsonNode stepping =
          ContractJson.read(Files.readString(out.resolve("result-spread-open-moves-steps.json")))
              .path("stepping");
      assertThat(stepping.path("windows_per_rate").intValue()).isEqualTo(3);
      assertThat(stepping.path("steps").size()).isEqualTo(2);
      for (JsonNode row : stepping.path("steps")) {
        assertThat(row.path("window_p95_ms").size()).as(row.toString()).isEqualTo(3);
        assertThat(row.path("sustainable").booleanValue()).as(row.toString()).isTrue();
      }
      assertThat(printed.toString())
          .contains("window 3/3 20/s", "3 alternating PT0.5S windows per rate")
          .contains("median of the windows' p95", "(windows' p95: ");
    }
  }

  @Test
  void aWarmUpsBacklogIsDroppedWhenTheWindowOpensNotCarriedIntoIt() throws Exception {
    // The app answers moves after 100 ms until the window opens: 2 users get ~20 moves done of
    // the 200 the 1 s warm-up offers. The rest of the warm-up's slots are not run once the window
    // opens, so the app sees about 20 + 100 moves; run late, they would make it about 300.
    try (FakeShopServer app =
        new FakeShopServer(40, FakeShopServer.Behaviour.CORRECT)
            .slowMovesAtFirst(Duration.ofSeconds(1), Duration.ofMillis(100))) {
      int status =
          run(
              app,
              "--model",
              "open",
              "--mix",
              "moves",
              "--users",
              "2",
              "--step-rates",
              "200",
              "--warmup",
              "1s",
              "--duration",
              "500ms",
              "--step-p95-ms",
              "2000");

      assertThat(status).as(printed.toString()).isEqualTo(LoadTest.PASSED);
      assertThat(app.moveRequests()).as(printed.toString()).isBetween(50L, 200L);
    }
  }

  @Test
  void closedUsersWithASpreadOfThinkTimeRunAndSayHowTheyThought() throws Exception {
    try (FakeShopServer app = new FakeShopServer(40, FakeShopServer.Behaviour.CORRECT)) {
      int status =
          run(
              app,
              "--model",
              "closed",
              "--users",
              "4",
              "--think",
              "50ms",
              "--think-spread",
              "0.5",
              "--duration",
              "1s");

      assertThat(status).as(printed.toString()).isEqualTo(LoadTest.PASSED);
      JsonNode result =
          ContractJson.read(Files.readString(out.resolve("result-spread-closed.json")));
      assertThat(result.path("think_ms").longValue()).isEqualTo(50);
      assertThat(result.path("think_spread").doubleValue()).isEqualTo(0.5);
      assertThat(result.path("audit").path("acknowledged").longValue()).isPositive();
      assertThat(Files.readString(out.resolve("latency-spread-closed.html")))
          .contains("think 50 ms ± 50 %");
    }
  }

  @Test
  void aLostMoveOnOneOfTwoAppsFailsTheRun() throws Exception {
    try (FakeShopServer occ = new FakeShopServer(40, FakeShopServer.Behaviour.CORRECT);
        FakeShopServer lossy = new FakeShopServer(40, FakeShopServer.Behaviour.LAST_WRITE_WINS)) {
      int status =
          runAgainst(
              "occ=" + occ.url() + ",lww=" + lossy.url(),
              "--mode",
              "hot",
              "--users",
              "4",
              "--rounds",
              "2",
              "--duration",
              "300ms");

      assertThat(status).isEqualTo(LoadTest.FAILED);
      JsonNode lww = ContractJson.read(Files.readString(out.resolve("result-hot-closed-lww.json")));
      assertThat(lww.path("audit").path("lost_moves").longValue()).isPositive();
    }
  }

  @Test
  void hdrHistogramsOwnPercentileDistributionIsWrittenBesideTheReport() throws Exception {
    try (FakeShopServer app = new FakeShopServer(40, FakeShopServer.Behaviour.CORRECT)) {
      assertThat(run(app, "--users", "2", "--duration", "500ms")).isEqualTo(LoadTest.PASSED);

      String hgrm = Files.readString(out.resolve("latency-spread-closed-all-requests.hgrm"));
      assertThat(hgrm).contains("Value     Percentile TotalCount 1/(1-Percentile)", "#[Mean");
      assertThat(out.resolve("latency-spread-closed-move.hgrm")).exists();
      assertThat(out.resolve("latency-spread-closed-board.hgrm")).exists();
    }
  }

  @Test
  void aNonLoopbackTargetIsRefusedBeforeAnyRequest() {
    // 192.0.2.1 is TEST-NET-1, reserved for documentation: nothing is ever sent there.
    int status =
        LoadTest.run(
            new String[] {"--url", "http://192.0.2.1:8080", "--out", out.toString()},
            stream(printed),
            stream(errors));

    assertThat(status).isEqualTo(LoadTest.NOT_RUN);
    assertThat(errors.toString()).contains("not a loopback address");
  }

  @Test
  void anAppThatIsNotRunningIsReportedNotMeasured() throws Exception {
    URIPort closed = URIPort.closed();
    int status =
        LoadTest.run(
            new String[] {
              "--url",
              "http://127.0.0.1:" + closed.port(),
              "--duration",
              "1s",
              "--timeout",
              "2s",
              "--out",
              out.toString()
            },
            stream(printed),
            stream(errors));

    assertThat(status).isEqualTo(LoadTest.NOT_RUN);
    assertThat(errors.toString()).contains("is the example app running?");
  }

  private int run(FakeShopServer app, String... args) {
    return runWith("--url", app.url().toString(), args);
  }

  private int runAgainst(String targets, String... args) {
    return runWith("--target", targets, args);
  }

  private int runWith(String how, String where, String... args) {
    // Latency limits are off: the test double shares this JVM and a busy machine with the tool,
    // so its latency says nothing; the limits themselves are tested in LoadReportTest.
    List<String> all =
        new ArrayList<>(
            List.of(
                how,
                where,
                "--out",
                out.toString(),
                "--seed",
                "42",
                "--max-p95-ms",
                "0",
                "--target-p95-ms",
                "0"));
    all.addAll(List.of(args));
    return LoadTest.run(all.toArray(String[]::new), stream(printed), stream(errors));
  }

  private static PrintStream stream(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  /** A loopback port that nothing listens on: bound, read, then released. */
  private record URIPort(int port) {
    static URIPort closed() throws Exception {
      try (java.net.ServerSocket s =
          new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        return new URIPort(s.getLocalPort());
      }
    }
  }
}
