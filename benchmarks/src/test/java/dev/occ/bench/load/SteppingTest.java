package dev.occ.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The rates a stepping run offers, how each step is judged, and when a target stops. */
class SteppingTest {
  private static final StepPlan PLAN = new StepPlan(List.of(100.0, 200.0, 300.0), 20);

  /** A step at this rate that is sustainable exactly when {@code ok}. */
  private static Step step(double rate, boolean ok) {
    return Step.judge(PLAN, rate, rate, 2, ok ? 5 : 25, 30, 0, 4);
  }

  @Test
  void ratesAreReadAsAListARangeOrBothSortedAndDistinct() {
    assertThat(StepPlan.parse("300,100,200", 20).rates()).containsExactly(100.0, 200.0, 300.0);
    assertThat(StepPlan.parse("100:500:100", 20).rates())
        .containsExactly(100.0, 200.0, 300.0, 400.0, 500.0);
    assertThat(StepPlan.parse("50, 100:300:100, 200, 12.5", 20).rates())
        .containsExactly(12.5, 50.0, 100.0, 200.0, 300.0);
    assertThat(StepPlan.parse("0.1:0.3:0.1", 20).rates()).hasSize(3);
    assertThat(StepPlan.parse("100:250:100", 20).rates()).containsExactly(100.0, 200.0);
  }

  @Test
  void badRatesAreNamedWithTheOption() {
    assertThatThrownBy(() -> StepPlan.parse("100,abc", 20))
        .hasMessageContaining("--step-rates")
        .hasMessageContaining("abc");
    assertThatThrownBy(() -> StepPlan.parse("0,100", 20)).hasMessageContaining("> 0");
    assertThatThrownBy(() -> StepPlan.parse("-5", 20)).hasMessageContaining("> 0");
    assertThatThrownBy(() -> StepPlan.parse("NaN", 20)).hasMessageContaining("> 0");
    assertThatThrownBy(() -> StepPlan.parse("500:100:100", 20)).hasMessageContaining("to >= from");
    assertThatThrownBy(() -> StepPlan.parse("100:500:0", 20)).hasMessageContaining("step > 0");
    assertThatThrownBy(() -> StepPlan.parse("100:500", 20)).hasMessageContaining("from:to:step");
    assertThatThrownBy(() -> StepPlan.parse("1:100000:1", 20)).hasMessageContaining("at most");
    assertThatThrownBy(() -> StepPlan.parse("100", 0)).hasMessageContaining("--step-p95-ms");
    assertThatThrownBy(() -> StepPlan.parse("100", 20, 0)).hasMessageContaining("--step-windows");
    assertThatThrownBy(() -> StepPlan.parse("100", 20, 22)).hasMessageContaining("--step-windows");
    assertThat(StepPlan.parse("100", 20, 21).windows()).isEqualTo(21);
    assertThat(StepPlan.parse("100", 20).windows()).isEqualTo(1);
  }

  @Test
  void severalWindowsAreJudgedByTheirMedianP95AndAnyWindowsErrors() {
    Step hiccup = Step.judge(PLAN, 200, 200, 3, 38, 60, 0, 10);
    Step calm = Step.judge(PLAN, 200, 199, 2, 12, 20, 0, 11);
    Step calmer = Step.judge(PLAN, 200, 198, 2, 11, 19, 0, 12);
    Step failing = Step.judge(PLAN, 200, 200, 2, 11, 19, 1, 0);

    Step oneBadWindow = Step.combine(PLAN, 200, List.of(hiccup, calm, calmer));
    assertThat(oneBadWindow.sustainable()).isTrue();
    assertThat(oneBadWindow.p95Millis()).isEqualTo(12);
    assertThat(oneBadWindow.achievedRate()).isEqualTo(199);
    assertThat(oneBadWindow.conflicts()).isEqualTo(33);
    assertThat(oneBadWindow.windowP95Millis()).containsExactly(38.0, 12.0, 11.0);

    Step twoBadWindows = Step.combine(PLAN, 200, List.of(hiccup, calm, hiccup));
    assertThat(twoBadWindows.shortfalls()).containsExactly("p95 38.00 ms >= 20 ms");

    Step anError = Step.combine(PLAN, 200, List.of(calm, failing, calmer));
    assertThat(anError.shortfalls()).containsExactly("1 error");

    Step even = Step.combine(PLAN, 200, List.of(calm, hiccup));
    assertThat(even.p95Millis()).isEqualTo(25);
    assertThat(Step.combine(PLAN, 200, List.of(calm))).isSameAs(calm);

    Step blind = Step.judge(PLAN, 200, 0, Double.NaN, Double.NaN, Double.NaN, 0, 0);
    assertThat(Step.combine(PLAN, 200, List.of(calm, blind, calmer)).shortfalls())
        .contains("nothing measured");
  }

  @Test
  void aStepIsSustainableOnlyUnderTheP95LimitWithoutErrorsAndOnSchedule() {
    Step good = Step.judge(PLAN, 200, 199, 3, 19.99, 40, 0, 12);
    Step atTheLimit = Step.judge(PLAN, 200, 200, 3, 20.0, 40, 0, 0);
    Step oneError = Step.judge(PLAN, 200, 200, 3, 4, 5, 1, 0);
    Step behind = Step.judge(PLAN, 200, 189.9, 3, 4, 5, 0, 0);
    Step justOnSchedule = Step.judge(PLAN, 200, 190, 3, 4, 5, 0, 0);
    Step nothing = Step.judge(PLAN, 200, 0, Double.NaN, Double.NaN, Double.NaN, 0, 0);

    assertThat(good.sustainable()).isTrue(); // conflicts are not errors
    assertThat(atTheLimit.shortfalls()).containsExactly("p95 20.00 ms >= 20 ms");
    assertThat(oneError.shortfalls()).containsExactly("1 error");
    assertThat(behind.shortfalls()).containsExactly("started 189.9/s of 200/s offered (< 95%)");
    assertThat(justOnSchedule.sustainable()).isTrue();
    assertThat(nothing.shortfalls()).contains("nothing measured");
    assertThat(Step.judge(PLAN, 200, 10, 3, 50, 60, 7, 0).shortfalls()).hasSize(3);
  }

  @Test
  void aTargetStopsAfterTwoUnsustainableStepsInARow() {
    assertThat(Stepping.stopped(List.of())).isFalse();
    assertThat(Stepping.stopped(List.of(step(100, false)))).isFalse();
    assertThat(Stepping.stopped(List.of(step(100, false), step(200, true)))).isFalse();
    assertThat(Stepping.stopped(List.of(step(100, true), step(200, false), step(300, true))))
        .isFalse();
    assertThat(Stepping.stopped(List.of(step(100, true), step(200, false), step(300, false))))
        .isTrue();
  }

  @Test
  void theHighestSustainableRateMayLieAboveAnUnsustainableStep() {
    List<Step> steps =
        List.of(step(100, true), step(200, false), step(300, true), step(400, false));

    assertThat(Stepping.highestSustainable(steps)).hasValue(300);
    assertThat(Stepping.highestSustainable(List.of(step(100, false)))).isEmpty();
  }

  @Test
  void theRatioNeedsARateOnBothSides() {
    assertThat(Stepping.ratio(OptionalDouble.of(300), OptionalDouble.of(200))).isEqualTo(1.5);
    assertThat(Stepping.ratio(OptionalDouble.of(300), OptionalDouble.empty())).isNull();
    assertThat(Stepping.ratio(OptionalDouble.empty(), OptionalDouble.of(200))).isNull();
  }

  @Test
  void theTargetsTakeTurnsGoingFirst() {
    List<String> two = List.of("occ", "jpa");
    List<String> three = List.of("a", "b", "c");

    assertThat(Stepping.order(two, 0)).containsExactly("occ", "jpa");
    assertThat(Stepping.order(two, 1)).containsExactly("jpa", "occ");
    assertThat(Stepping.order(two, 2)).containsExactly("occ", "jpa");
    assertThat(Stepping.order(three, 1)).containsExactly("b", "c", "a");
    assertThat(Stepping.order(three, 5)).containsExactly("c", "a", "b");
  }

  @Test
  void theReportHasEachTargetsTableItsPeakAndTheRatioToTheBaseline() {
    LoadOptions o =
        LoadOptions.parse(
            "--target",
            "occ=http://127.0.0.1:9,jpa=http://127.0.0.1:10",
            "--model",
            "open",
            "--mix",
            "moves",
            "--step-rates",
            "100,200,300");
    Map<String, List<Step>> steps = new LinkedHashMap<>();
    steps.put("occ", List.of(step(100, true), step(200, true), step(300, true)));
    steps.put("jpa", List.of(step(100, true), step(200, false), step(300, false)));

    Stepping stepping = Stepping.of(o, o.steps(), steps);
    JsonNode jpa = ContractJson.MAPPER.valueToTree(stepping.toJson("jpa"));
    JsonNode all = ContractJson.MAPPER.valueToTree(stepping.toJson());

    assertThat(jpa.path("latency").asString()).isEqualTo("move requests");
    assertThat(jpa.path("steps").size()).isEqualTo(3);
    assertThat(jpa.path("steps").path(1).path("sustainable").booleanValue()).isFalse();
    assertThat(jpa.path("steps").path(1).path("shortfalls").path(0).asString()).startsWith("p95");
    assertThat(jpa.path("highest_sustainable_rate_per_s").doubleValue()).isEqualTo(100);
    assertThat(jpa.path("ratio_to_baseline").doubleValue()).isCloseTo(0.333, within());
    assertThat(all.path("targets").path("occ").path("highest_sustainable_rate_per_s").intValue())
        .isEqualTo(300);
    assertThat(all.path("targets").path("occ").path("ratio_to_baseline").doubleValue())
        .isEqualTo(1.0);
    assertThat(jpa.path("peak_above_plan").booleanValue()).isFalse();
    assertThat(all.path("targets").path("occ").path("peak_above_plan").booleanValue()).isTrue();
    assertThat(stepping.summary())
        .contains(
            "highest sustainable rate: 300/s, the highest rate offered: the peak may lie above")
        .contains("highest sustainable rate: 100/s (x0.333 of occ)\n")
        .contains("UNSUSTAINABLE: p95 25.00 ms >= 20 ms");
  }

  private static Offset<Double> within() {
    return Offset.offset(0.001);
  }
}
