package dev.occ.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.OccObserver;
import dev.occ.Operation;
import dev.occ.Outcome;
import io.micrometer.common.KeyValues;
import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.GlobalObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * How the observer names and tags an observation, and when it makes none: conventions (default, the
 * caller's, the registry's global one) and registries that observe nothing.
 */
class OccObservationConventionTest {
  private final TestObservationRegistry registry = TestObservationRegistry.create();

  @Test
  void theDefaultConventionCarriesTheDocumentedKeys() {
    MicrometerOccObserver.create(registry)
        .start("items", Operation.UPDATE)
        .stop(Outcome.SUCCESS, null);

    assertThat(registry)
        .hasSingleObservationThat()
        .hasNameEqualTo(DefaultOccObservationConvention.NAME)
        .hasContextualNameEqualTo("occ update items");
    assertThat(registry.getCurrentObservation()).isNull();
    assertThat(
            stoppedContext().getLowCardinalityKeyValues().stream()
                .map(kv -> kv.getKey())
                .collect(Collectors.toSet()))
        .isEqualTo(
            Arrays.stream(OccObservationDocumentation.OPERATION.getLowCardinalityKeyNames())
                .map(KeyName::asString)
                .collect(Collectors.toSet()));
  }

  @Test
  void theOutcomeIsLeftOutUntilTheOperationEnded() {
    OccObservationContext context = new OccObservationContext("items", Operation.DELETE);
    assertThat(DefaultOccObservationConvention.INSTANCE.getLowCardinalityKeyValues(context))
        .extracting(kv -> kv.getKey())
        .containsExactly("operation", "table");

    context.setOutcome(Outcome.NOT_FOUND);
    assertThat(
            DefaultOccObservationConvention.INSTANCE.getLowCardinalityKeyValues(context).stream()
                .filter(kv -> kv.getKey().equals("outcome"))
                .map(kv -> kv.getValue()))
        .containsExactly("not_found");
  }

  @Test
  void aCallersConventionNamesAndTagsTheObservation() {
    OccObservationConvention custom =
        new DefaultOccObservationConvention() {
          @Override
          public String getName() {
            return "shop.write";
          }

          @Override
          public KeyValues getLowCardinalityKeyValues(OccObservationContext context) {
            return super.getLowCardinalityKeyValues(context).and("shop", "north");
          }
        };

    MicrometerOccObserver.create(registry, custom)
        .start("items", Operation.INSERT)
        .stop(Outcome.SUCCESS, null);

    assertThat(registry)
        .hasSingleObservationThat()
        .hasNameEqualTo("shop.write")
        .hasLowCardinalityKeyValue("shop", "north")
        .hasLowCardinalityKeyValue("operation", "insert")
        .hasLowCardinalityKeyValue("outcome", "success");
  }

  @Test
  void aGlobalConventionOfTheRegistryReplacesTheDefault() {
    registry
        .observationConfig()
        .observationConvention(
            new GlobalObservationConvention<OccObservationContext>() {
              @Override
              public boolean supportsContext(Observation.Context context) {
                return context instanceof OccObservationContext;
              }

              @Override
              public String getName() {
                return "global.occ";
              }
            });

    MicrometerOccObserver.create(registry)
        .start("items", Operation.UPDATE)
        .stop(Outcome.CONFLICT, null);

    assertThat(registry).hasSingleObservationThat().hasNameEqualTo("global.occ");
  }

  @Test
  void observesNothingWhereTheRegistryWouldDropIt() {
    ObservationRegistry withoutHandlers = ObservationRegistry.create();
    registry.observationConfig().observationPredicate((name, context) -> !name.startsWith("occ."));

    assertThat(
            MicrometerOccObserver.create(ObservationRegistry.NOOP).start("items", Operation.UPDATE))
        .isSameAs(OccObserver.Observed.NOOP);
    assertThat(MicrometerOccObserver.create(withoutHandlers).start("items", Operation.UPDATE))
        .isSameAs(OccObserver.Observed.NOOP);
    assertThat(MicrometerOccObserver.create(registry).start("items", Operation.UPDATE))
        .isSameAs(OccObserver.Observed.NOOP);
    assertThat(registry.getCurrentObservation()).isNull();
  }

  @Test
  void onlyErrorsAndUnknownOutcomesMarkTheObservationFailed() {
    MicrometerOccObserver observer = MicrometerOccObserver.create(registry);
    RuntimeException failure = new IllegalStateException("boom");

    observer.start("items", Operation.UPDATE).stop(Outcome.CONFLICT, failure);
    observer.start("items", Operation.UPDATE).stop(Outcome.NOT_FOUND, failure);
    observer.start("items", Operation.UPDATE).stop(Outcome.ERROR, failure);
    observer.start("items", Operation.UPDATE).stop(Outcome.UNKNOWN, failure);

    assertThat(registry)
        .hasHandledContextsThatSatisfy(
            contexts ->
                assertThat(contexts)
                    .extracting(
                        c ->
                            c.getLowCardinalityKeyValue("outcome").getValue()
                                + " "
                                + (c.getError() != null))
                    .containsExactly(
                        "conflict false", "not_found false", "error true", "unknown true"));
  }

  private Observation.Context stoppedContext() {
    Observation.Context[] found = new Observation.Context[1];
    assertThat(registry).hasHandledContextsThatSatisfy(contexts -> found[0] = contexts.get(0));
    return found[0];
  }
}
