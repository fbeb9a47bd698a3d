package dev.occ.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
      Object result = Json.parse(Files.readString(out.resolve("result-spread-closed.json")));
      assertThat(Json.at(result, "passed")).isEqualTo(true);
      assertThat(Json.integer(Json.at(result, "audit", "acknowledged")).getAsLong()).isPositive();
      assertThat(Json.integer(Json.at(result, "audit", "lost_moves")).getAsLong()).isZero();
      assertThat(Json.integer(Json.at(result, "requests", "move")).getAsLong()).isPositive();
      assertThat(Json.at(result, "latency", "all", "p95")).isInstanceOf(Double.class);
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
      Object result = Json.parse(Files.readString(out.resolve("result-hot-open.json")));
      assertThat(Json.integer(Json.at(result, "audit", "cards")).getAsLong()).isBetween(1L, 3L);
      assertThat(Json.integer(Json.at(result, "conflicts", "total_409")).getAsLong()).isPositive();
      assertThat(Json.integer(Json.at(result, "conflicts", "recovered")).getAsLong()).isPositive();
      assertThat(Json.integer(Json.at(result, "audit", "lost_moves")).getAsLong()).isZero();
    }
  }

  @Test
  void lastWriteWinsAppFailsTheLostMoveAudit() throws Exception {
    try (FakeShopServer app = new FakeShopServer(40, FakeShopServer.Behaviour.LAST_WRITE_WINS)) {
      int status = run(app, "--mode", "hot", "--users", "8", "--duration", "1s");

      assertThat(status).isEqualTo(LoadTest.FAILED);
      Object result = Json.parse(Files.readString(out.resolve("result-hot-closed.json")));
      assertThat(Json.integer(Json.at(result, "audit", "not_increment")).getAsLong()).isPositive();
      assertThat(printed.toString()).contains("FAIL lost_moves");
    }
  }

  @Test
  void appThatDropsHistoryFailsTheLostMoveAudit() throws Exception {
    try (FakeShopServer app = new FakeShopServer(40, FakeShopServer.Behaviour.DROPS_HISTORY)) {
      int status = run(app, "--mode", "spread", "--users", "4", "--duration", "1s");

      assertThat(status).isEqualTo(LoadTest.FAILED);
      Object result = Json.parse(Files.readString(out.resolve("result-spread-closed.json")));
      assertThat(Json.integer(Json.at(result, "audit", "missing")).getAsLong()).isPositive();
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
    // Latency limits are off: the test double shares this JVM and a busy machine with the tool,
    // so its latency says nothing; the limits themselves are tested in LoadReportTest.
    List<String> all =
        new ArrayList<>(
            List.of(
                "--url",
                app.url().toString(),
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
