package dev.occ.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON reader and writer, and the command line. */
class JsonAndOptionsTest {
  @Test
  void parsesTheContractsShapes() {
    Object body =
        Json.parse(
            "{\"ok\": true, \"data\": {\"columns\": [{\"status\": \"READY\","
                + " \"items\": [{\"appointment_id\": \"12\", \"version\": 41, \"x\": -1.5e2,"
                + " \"n\": null, \"s\": \"a\\\"b\\u00e9\\n\"}]}]}}");

    assertThat(Json.at(body, "ok")).isEqualTo(true);
    Object item =
        Json.list(Json.at(Json.list(Json.at(body, "data", "columns")).get(0), "items")).get(0);
    assertThat(Json.at(item, "version")).isEqualTo(41L);
    assertThat(Json.at(item, "x")).isEqualTo(-150.0);
    assertThat(Json.at(item, "n")).isNull();
    assertThat(Json.at(item, "s")).isEqualTo("a\"bé\n");
    assertThat(Json.integer("41").getAsLong()).isEqualTo(41);
  }

  @Test
  void whatItWritesItReadsBack() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("a", List.of(1L, 2.5, "x\ty", true));
    m.put("nan", Double.NaN);
    m.put("empty", Map.of());

    Object back = Json.parse(Json.write(m));

    assertThat(Json.at(back, "a")).isEqualTo(List.of(1L, 2.5, "x\ty", true));
    assertThat(Json.at(back, "nan")).isNull();
    assertThat(Json.at(back, "empty")).isEqualTo(Map.of());
  }

  @Test
  void rejectsWhatIsNotJson() {
    assertThatThrownBy(() -> Json.parse("{\"a\": 1,}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.parse("[1] 2")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.parse("<html>")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theDefaultsAreTheCardsScenario() {
    LoadOptions o = LoadOptions.parse("--url", "http://localhost:8080/");

    assertThat(o.url().toString()).isEqualTo("http://localhost:8080");
    assertThat(o.mode()).isEqualTo(LoadOptions.Mode.SPREAD);
    assertThat(o.model()).isEqualTo(LoadOptions.Model.CLOSED);
    assertThat(o.users()).isEqualTo(64);
    assertThat(o.duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.to()).isEqualTo(o.from().plusDays(1));
    assertThat(o.thresholds()).isEqualTo(Thresholds.DEFAULT);
    assertThat(o.tag()).isEqualTo("spread-closed");
  }

  @Test
  void parsesEveryOption() {
    LoadOptions o =
        LoadOptions.parse(
            "--url",
            "http://127.0.0.1:9",
            "--mode",
            "hot",
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
            "--hot-cards",
            "5",
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-02",
            "--seed",
            "7",
            "--max-p95-ms",
            "0",
            "--target-p95-ms",
            "15");

    assertThat(o.mode()).isEqualTo(LoadOptions.Mode.HOT);
    assertThat(o.rate()).isEqualTo(250);
    assertThat(o.duration()).isEqualTo(Duration.ofMinutes(2));
    assertThat(o.warmup()).isEqualTo(Duration.ofMillis(500));
    assertThat(o.hotCards()).isEqualTo(5);
    assertThat(o.thresholds().maxP95Millis()).isZero();
    assertThat(o.thresholds().targetP95Millis()).isEqualTo(15);
  }

  @Test
  void refusesWhatCannotBeRun() {
    assertThatThrownBy(() -> LoadOptions.parse("--mode", "hot")).hasMessageContaining("--url");
    assertThatThrownBy(() -> LoadOptions.parse("--url", "http://x", "--duration", "2h"))
        .hasMessageContaining("1h");
    assertThatThrownBy(() -> LoadOptions.parse("--url", "http://x", "--users", "zero"))
        .hasMessageContaining("--users");
    assertThatThrownBy(() -> LoadOptions.parse("--url", "ftp://x")).hasMessageContaining("http");
  }
}
