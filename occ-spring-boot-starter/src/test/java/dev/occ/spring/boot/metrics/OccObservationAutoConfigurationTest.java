package dev.occ.spring.boot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.Occ;
import dev.occ.OccObserver;
import dev.occ.Operation;
import dev.occ.micrometer.DefaultOccObservationConvention;
import dev.occ.micrometer.MicrometerOccObserver;
import dev.occ.micrometer.OccObservationConvention;
import dev.occ.spring.boot.OccAutoConfiguration;
import dev.occ.spring.boot.Things;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class OccObservationAutoConfigurationTest {
  private final ApplicationContextRunner withoutRegistry =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataSourceAutoConfiguration.class,
                  OccAutoConfiguration.class,
                  OccObservationAutoConfiguration.class))
          .withPropertyValues(Things.h2DataSourceProperty());

  /** Boot's observation auto-configuration, around a registry the test can read. */
  private final ApplicationContextRunner runner =
      withoutRegistry
          .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
          .withBean(ObservationRegistry.class, TestObservationRegistry::create);

  @Test
  void observesTheOccBeansOperationsInTheRegistry() {
    runner.run(
        context -> {
          assertThat(context)
              .hasSingleBean(MicrometerOccObserver.class)
              .hasBean("occObserverCustomizer");
          rename(context);

          assertThat((TestObservationRegistry) context.getBean(ObservationRegistry.class))
              .hasSingleObservationThat()
              .hasNameEqualTo("occ.operation")
              .hasContextualNameEqualTo("occ update things")
              .hasLowCardinalityKeyValue("table", "things")
              .hasLowCardinalityKeyValue("operation", "update")
              .hasLowCardinalityKeyValue("outcome", "success");
        });
  }

  @Test
  void anObservationConventionBeanNamesTheObservations() {
    runner
        .withBean(
            OccObservationConvention.class,
            () ->
                new DefaultOccObservationConvention() {
                  @Override
                  public String getName() {
                    return "shop.write";
                  }
                })
        .run(
            context -> {
              rename(context);
              assertThat((TestObservationRegistry) context.getBean(ObservationRegistry.class))
                  .hasSingleObservationThat()
                  .hasNameEqualTo("shop.write")
                  .hasLowCardinalityKeyValue("outcome", "success");
            });
  }

  @Test
  void usesTheApplicationsObserver() {
    List<String> heard = new CopyOnWriteArrayList<>();
    OccObserver own =
        (table, operation) -> {
          heard.add(table + " " + operation);
          return OccObserver.Observed.NOOP;
        };
    runner
        .withBean("ownObserver", OccObserver.class, () -> own)
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(MicrometerOccObserver.class);
              rename(context);
              assertThat(heard).containsExactly("things " + Operation.UPDATE);
              assertThat((TestObservationRegistry) context.getBean(ObservationRegistry.class))
                  .doesNotHaveAnyObservation();
            });
  }

  @Test
  void backsOffWithoutAnObservationRegistry() {
    withoutRegistry.run(
        context -> {
          assertThat(context).hasSingleBean(Occ.class);
          assertThat(context)
              .doesNotHaveBean(MicrometerOccObserver.class)
              .doesNotHaveBean("occObserverCustomizer");
        });
  }

  @Test
  void observationsEnabledFalseSwitchesItOff() {
    runner
        .withPropertyValues("occ.observations.enabled=false")
        .run(
            context -> {
              assertThat(context).hasSingleBean(Occ.class).hasSingleBean(ObservationRegistry.class);
              assertThat(context)
                  .doesNotHaveBean(MicrometerOccObserver.class)
                  .doesNotHaveBean("occObserverCustomizer");
              rename(context);
              assertThat((TestObservationRegistry) context.getBean(ObservationRegistry.class))
                  .doesNotHaveAnyObservation();
            });
  }

  @Test
  void occEnabledFalseSwitchesItOff() {
    runner
        .withPropertyValues("occ.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(MicrometerOccObserver.class));
  }

  @Test
  void needsNoMicrometerOnTheClassPath() {
    withoutRegistry
        .withClassLoader(new FilteredClassLoader("io.micrometer"))
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(Occ.class);
              assertThat(context).doesNotHaveBean("micrometerOccObserver");
            });
  }

  private static void rename(AssertableApplicationContext context) {
    Jdbi jdbi = context.getBean(Jdbi.class);
    Things.create(jdbi);
    Things.insert(jdbi, 1, "a", 1);
    context
        .getBean(Occ.class)
        .update(Things.TABLE)
        .set("name", "b")
        .whereId(1L)
        .expectVersion(1)
        .execute();
  }
}
