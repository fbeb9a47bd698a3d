package dev.occ.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.Occ;
import dev.occ.micrometer.MicrometerOccListener;
import dev.occ.spring.boot.metrics.OccMetricsAutoConfiguration;
import dev.occ.spring.boot.web.OccExceptionHandler;
import dev.occ.spring.boot.web.OccHttp;
import dev.occ.spring.boot.web.OccWebAutoConfiguration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** The one switch, {@code occ.enabled}, over all three auto-configurations. */
class OccEnabledTest {
  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataSourceAutoConfiguration.class,
                  MetricsAutoConfiguration.class,
                  SimpleMetricsExportAutoConfiguration.class,
                  CompositeMeterRegistryAutoConfiguration.class,
                  OccAutoConfiguration.class,
                  OccMetricsAutoConfiguration.class,
                  OccWebAutoConfiguration.class))
          .withPropertyValues(Things.h2DataSourceProperty());

  @Test
  void everyPartIsOnByDefault() {
    runner.run(
        context -> {
          assertThat(context)
              .hasSingleBean(Jdbi.class)
              .hasSingleBean(Occ.class)
              .hasBean("occRetryAdvisor");
          assertThat(context).hasSingleBean(MicrometerOccListener.class).hasBean("occRetryMetrics");
          assertThat(context).hasSingleBean(OccExceptionHandler.class).hasSingleBean(OccHttp.class);
        });
  }

  @Test
  void occEnabledFalseSwitchesEveryPartOff() {
    runner
        .withPropertyValues("occ.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context)
                  .doesNotHaveBean(Jdbi.class)
                  .doesNotHaveBean(Occ.class)
                  .doesNotHaveBean("occRetryAdvisor");
              assertThat(context)
                  .doesNotHaveBean(MicrometerOccListener.class)
                  .doesNotHaveBean("occRetryMetrics");
              assertThat(context)
                  .doesNotHaveBean(OccExceptionHandler.class)
                  .doesNotHaveBean(OccHttp.class);
            });
  }
}
