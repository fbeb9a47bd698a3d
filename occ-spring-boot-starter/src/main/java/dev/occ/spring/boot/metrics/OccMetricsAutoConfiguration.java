package dev.occ.spring.boot.metrics;

import dev.occ.Occ;
import dev.occ.micrometer.MicrometerOccListener;
import dev.occ.spring.boot.OccAutoConfiguration;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Metrics auto-configuration: records occ's operations and retries in the application's {@link
 * MeterRegistry} through a {@link MicrometerOccListener}, which the core auto-configuration hands
 * to the {@link Occ} bean with the other listener beans, and binds resilience4j's metrics of occ's
 * retry when resilience4j-micrometer is on the class path.
 */
@AutoConfiguration(
    after = OccAutoConfiguration.class,
    afterName =
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({Occ.class, MeterRegistry.class})
@ConditionalOnBooleanProperty(name = "occ.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "occ.metrics.enabled", matchIfMissing = true)
public final class OccMetricsAutoConfiguration {
  /** Records {@code occ.update} and {@code occ.retries} in the registry. */
  @Bean
  @ConditionalOnMissingBean
  public MicrometerOccListener micrometerOccListener(MeterRegistry registry) {
    return MicrometerOccListener.create(registry);
  }

  /** Binds resilience4j's {@code resilience4j.retry.calls} for occ's retry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(TaggedRetryMetrics.class)
  static class RetryMetricsConfiguration {
    /** Spring Boot binds every MeterBinder bean to the registries it manages. */
    @Bean
    @ConditionalOnMissingBean(name = "occRetryMetrics")
    MeterBinder occRetryMetrics(Occ occ) {
      return registry -> MicrometerOccListener.bindRetryMetrics(occ, registry);
    }
  }
}
