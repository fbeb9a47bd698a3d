package dev.occ.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** How the load tool reads the contract's JSON and writes its own, and its command line. */
class JsonAndOptionsTest {
  @Test
  void readsTheContractsShapesLeniently() {
    JsonNode body =
        ContractJson.read(
            "{\"ok\": true, \"data\": {\"columns\": [{\"status\": \"READY\","
                + " \"items\": [{\"appointment_id\": 12, \"version\": \"41\", \"x\": -1.5e2}]}]}}");

    JsonNode item = body.path("data").path("columns").path(0).path("items").path(0);
    assertThat(ContractJson.text(item.get("appointment_id"))).isEqualTo("12");
    assertThat(ContractJson.integer(item.get("version")).getAsLong()).isEqualTo(41);
    assertThat(ContractJson.integer(item.get("x")).getAsLong()).isEqualTo(-150);
    assertThat(ContractJson.integer(item.get("missing"))).isEmpty();
    assertThat(ContractJson.text(item.get("x"))).isNull();
    assertThat(Card.from(item, "READY")).isEqualTo(new Card("12", "READY", 41));
  }

  @Test
  void rejectsWhatIsNotJson() {
    assertThatThrownBy(() -> ContractJson.read("{\"a\": 1,}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ContractJson.read("[1] 2"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ContractJson.read("<html>"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void whatCannotBeMeasuredIsWrittenAsNull() {
    LoadReport empty =
        LoadReport.of(
            LoadOptions.parse("--url", "http://localhost:8080"),
            new Tally(),
            MoveAudit.audit(List.of(), Map.of(), Map.of()),
            1,
            Instant.EPOCH);

    JsonNode json = ContractJson.read(ContractJson.write(empty.toJson()));

    assertThat(json.get("conflict_rate").isNull()).isTrue();
    assertThat(json.get("error_rate").isNull()).isTrue();
    assertThat(json.path("latency").path("all").get("p95").isNull()).isTrue();
  }

  @Test
  void theDefaultsAreTheCardsScenario() {
    LoadOptions o = LoadOptions.parse("--url", "http://localhost:8080/");

    assertThat(o.targets()).containsExactly(new Target("app", URI.create("http://localhost:8080")));
    assertThat(o.comparing()).isFalse();
    assertThat(o.rounds()).isEqualTo(1);
    assertThat(o.mode()).isEqualTo(LoadOptions.Mode.SPREAD);
    assertThat(o.model()).isEqualTo(LoadOptions.Model.CLOSED);
    assertThat(o.users()).isEqualTo(64);
    assertThat(o.duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.to()).isEqualTo(o.from().plusDays(1));
    assertThat(o.credentials()).isNull();
    assertThat(o.thresholds()).isEqualTo(Thresholds.DEFAULT);
    assertThat(o.tag()).isEqualTo("spread-closed");
    assertThat(o.mix()).isEqualTo(LoadOptions.Mix.BOARD_AND_MOVE);
    assertThat(o.steps()).isNull();
  }

  @Test
  void readsTheMixAndTheStepRates() {
    LoadOptions o =
        LoadOptions.parse(
            "--target",
            "occ=http://127.0.0.1:9,jpa=http://127.0.0.1:10",
            "--model",
            "open",
            "--mix",
            "moves",
            "--step-rates",
            "100:300:100,50",
            "--step-p95-ms",
            "15",
            "--duration",
            "10s");

    assertThat(o.mix()).isEqualTo(LoadOptions.Mix.MOVES);
    assertThat(o.steps()).isEqualTo(new StepPlan(List.of(50.0, 100.0, 200.0, 300.0), 15));
    assertThat(o.stepping()).isTrue();
    assertThat(o.tag()).isEqualTo("spread-open-moves-steps");
    assertThat(LoadOptions.parse("--url", "http://x", "--mix", "Board-And-Move").mix())
        .isEqualTo(LoadOptions.Mix.BOARD_AND_MOVE);
    assertThat(
            LoadOptions.parse("--url", "http://x", "--model", "open", "--step-rates", "100")
                .steps()
                .p95Millis())
        .isEqualTo(StepPlan.DEFAULT_P95_MILLIS);
  }

  @Test
  void refusesStepRatesThatCannotBeRun() {
    assertThatThrownBy(() -> LoadOptions.parse("--url", "http://x", "--step-rates", "100,200"))
        .hasMessageContaining("--step-rates needs --model open");
    assertThatThrownBy(
            () ->
                LoadOptions.parse(
                    "--url", "http://x", "--model", "open", "--step-rates", "100", "--rounds", "3"))
        .hasMessageContaining("--rounds");
    assertThatThrownBy(
            () ->
                LoadOptions.parse(
                    "--target",
                    "a=http://x,b=http://y",
                    "--model",
                    "open",
                    "--step-rates",
                    "100:1000:100",
                    "--duration",
                    "4m"))
        .hasMessageContaining("at most 1h of measured time");
    assertThatThrownBy(
            () -> LoadOptions.parse("--url", "http://x", "--model", "open", "--step-rates", "x"))
        .hasMessageContaining("--step-rates");
    assertThatThrownBy(() -> LoadOptions.parse("--url", "http://x", "--mix", "boards"))
        .hasMessageContaining("--mix")
        .hasMessageContaining("board-and-move or moves");
  }

  @Test
  void parsesEveryOption() {
    LoadOptions o =
        LoadOptions.parse(
            "--target",
            "occ=http://127.0.0.1:9,jpa=http://127.0.0.1:10/",
            "--rounds",
            "6",
            "--mode",
            "HOT",
            "--model",
            "open",
            "--rate",
            "250",
            "--users",
            "8",
            "--duration",
            "2m",
            "--warmup",
            "500ms",
            "--think",
            "1s",
            "--hot-cards",
            "5",
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-02",
            "--seed",
            "7",
            "--user",
            "north-advisor",
            "--password",
            "demo-password",
            "--max-error-rate",
            "0.02",
            "--max-p95-ms",
            "0",
            "--target-p95-ms",
            "15");

    assertThat(o.targets())
        .extracting(Target::name, t -> t.url().toString())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("occ", "http://127.0.0.1:9"),
            org.assertj.core.groups.Tuple.tuple("jpa", "http://127.0.0.1:10"));
    assertThat(o.comparing()).isTrue();
    assertThat(o.rounds()).isEqualTo(6);
    assertThat(o.mode()).isEqualTo(LoadOptions.Mode.HOT);
    assertThat(o.model()).isEqualTo(LoadOptions.Model.OPEN);
    assertThat(o.rate()).isEqualTo(250);
    assertThat(o.duration()).isEqualTo(Duration.ofMinutes(2));
    assertThat(o.warmup()).isEqualTo(Duration.ofMillis(500));
    assertThat(o.think()).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.thinkSpread()).isZero();
    assertThat(o.hotCards()).isEqualTo(5);
    assertThat(o.seed()).isEqualTo(7);
    assertThat(o.credentials()).isEqualTo(new Credentials("north-advisor", "demo-password"));
    assertThat(o.thresholds()).isEqualTo(new Thresholds(0.02, 0.10, 0, 15));
  }

  @Test
  void refusesWhatCannotBeRun() {
    assertThatThrownBy(() -> LoadOptions.parse("--mode", "hot"))
        .hasMessageContaining("--url")
        .hasMessageContaining("--target");
    assertThatThrownBy(() -> LoadOptions.parse("--url", "http://x", "--target", "a=http://y"))
        .hasMessageContaining("mutually exclusive");
    assertThatThrownBy(() -> LoadOptions.parse("--url", "http://x", "--duration", "2h"))
        .hasMessageContaining("1h");
    assertThatThrownBy(
            () ->
                LoadOptions.parse(
                    "--target", "a=http://x,b=http://y", "--duration", "10m", "--rounds", "4"))
        .hasMessageContaining("at most 1h of measured time");
    assertThatThrownBy(() -> LoadOptions.parse("--url", "http://x", "--think-spread", "1.5"))
        .hasMessageContaining("--think-spread");
    assertThatThrownBy(() -> LoadOptions.parse("--url", "http://x", "--think-spread", "-0.1"))
        .hasMessageContaining("--think-spread");
    assertThatThrownBy(
            () ->
                LoadOptions.parse(
                    "--target",
                    "a=http://x,b=http://y",
                    "--model",
                    "open",
                    "--step-rates",
                    "100:1000:100",
                    "--step-windows",
                    "4",
                    "--duration",
                    "1m"))
        .hasMessageContaining("--step-windows")
        .hasMessageContaining("1h of measured");
    assertThatThrownBy(() -> LoadOptions.parse("--url", "http://x", "--users", "zero"))
        .hasMessageContaining("--users");
    assertThatThrownBy(() -> LoadOptions.parse("--url", "http://x", "--duration", "soon"))
        .hasMessageContaining("--duration")
        .hasMessageContaining("not a duration");
    assertThatThrownBy(() -> LoadOptions.parse("--url", "ftp://x")).hasMessageContaining("http");
    assertThatThrownBy(() -> LoadOptions.parse("--target", "a b=http://x"))
        .hasMessageContaining("target name");
    assertThatThrownBy(() -> LoadOptions.parse("--url", "http://x", "--password", "p"))
        .hasMessageContaining("--password needs --user");
    assertThatThrownBy(() -> LoadOptions.parse("--url", "http://x", "--mode", "warm"))
        .hasMessageContaining("--mode");
  }

  @Test
  void helpDescribesEveryOptionAndExitsZero() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status = LoadTest.run(new String[] {"--help"}, stream(out), stream(err));

    assertThat(status).isEqualTo(LoadTest.PASSED);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("--url", "--target", "--rounds", "--user", "--password", "--max-error-rate")
        .contains("--mix", "--step-rates", "--step-p95-ms");
    assertThat(err.size()).isZero();
  }

  @Test
  void aBadOptionIsNamedAndExitsNonZeroBeforeAnyRequest() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int unknown =
        LoadTest.run(
            new String[] {"--url", "http://127.0.0.1:9", "--usrs", "4"}, stream(out), stream(err));
    int badValue =
        LoadTest.run(
            new String[] {"--url", "http://127.0.0.1:9", "--users", "four"},
            stream(out),
            stream(err));

    assertThat(unknown).isEqualTo(LoadTest.NOT_RUN);
    assertThat(badValue).isEqualTo(LoadTest.NOT_RUN);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--usrs", "--users", "four", "--help");
    assertThat(out.size()).isZero();
  }

  @Test
  void credentialsAreSentAsBasicAndNeverPrinted() {
    Credentials c = new Credentials("north-advisor", "demo-password");

    assertThat(c.header()).isEqualTo("Basic bm9ydGgtYWR2aXNvcjpkZW1vLXBhc3N3b3Jk");
    assertThat(c.toString()).doesNotContain("demo-password");
    assertThatThrownBy(() -> new Credentials("a:b", "x")).hasMessageContaining("--user");
  }

  private static PrintStream stream(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
