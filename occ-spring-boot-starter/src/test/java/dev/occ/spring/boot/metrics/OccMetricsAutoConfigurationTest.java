package dev.occ.spring.boot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.Occ;
import dev.occ.micrometer.MicrometerOccListener;
import dev.occ.spring.boot.OccAutoConfiguration;
import dev.occ.spring.boot.Things;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class OccMetricsAutoConfigurationTest {
  private final ApplicationContextRunner withoutRegistry =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataSourceAutoConfiguration.class,
                  OccAutoConfiguration.class,
                  OccMetricsAutoConfiguration.class))
          .withPropertyValues(Things.h2DataSourceProperty());

  private final ApplicationContextRunner runner =
      withoutRegistry.withConfiguration(
          AutoConfigurations.of(
              MetricsAutoConfiguration.class,
              SimpleMetricsExportAutoConfiguration.class,
              CompositeMeterRegistryAutoConfiguration.class));

  @Test
  void recordsOccsOperationsAndRetryMetricsInTheRegistry() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(MicrometerOccListener.class).hasBean("occRetryMetrics");
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

          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(
                  registry
                      .get(MicrometerOccListener.UPDATE_TIMER)
                      .tags("table", "things", "operation", "update", "outcome", "success")
                      .timer()
                      .count())
              .isEqualTo(1);
          assertThat(registry.find("resilience4j.retry.calls").tag("name", "occ").meters())
              .isNotEmpty();
        });
  }

  @Test
  void backsOffWithoutAMeterRegistry() {
    withoutRegistry.run(
        context -> {
          assertThat(context).hasSingleBean(Occ.class);
          assertThat(context)
              .doesNotHaveBean(MicrometerOccListener.class)
              .doesNotHaveBean("occRetryMetrics");
        });
  }

  @Test
  void metricsEnabledFalseSwitchesItOff() {
    runner
        .withPropertyValues("occ.metrics.enabled=false")
        .run(
            context -> {
              assertThat(context).hasSingleBean(Occ.class).hasSingleBean(MeterRegistry.class);
              assertThat(context)
                  .doesNotHaveBean(MicrometerOccListener.class)
                  .doesNotHaveBean("occRetryMetrics");
            });
  }

  @Test
  void occEnabledFalseSwitchesItOff() {
    runner
        .withPropertyValues("occ.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(MicrometerOccListener.class));
  }

  @Test
  void needsNoMicrometerOnTheClassPath() {
    runner
        .withClassLoader(new FilteredClassLoader("io.micrometer"))
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(Occ.class);
              assertThat(context).doesNotHaveBean("micrometerOccListener");
            });
  }

  @Test
  void recordsOccsMetersWithoutResilience4jMicrometer() {
    runner
        .withClassLoader(new FilteredClassLoader(TaggedRetryMetrics.class))
        .run(
            context -> {
              assertThat(context).hasSingleBean(MicrometerOccListener.class);
              assertThat(context).doesNotHaveBean("occRetryMetrics");
            });
  }

  @Test
  void usesTheApplicationsListener() {
    MicrometerOccListener own = MicrometerOccListener.create(new SimpleMeterRegistry());
    runner
        .withBean("ownListener", MicrometerOccListener.class, () -> own)
        .run(
            context -> {
              assertThat(context).hasSingleBean(MicrometerOccListener.class);
              assertThat(context.getBean(MicrometerOccListener.class)).isSameAs(own);
            });
  }
}
