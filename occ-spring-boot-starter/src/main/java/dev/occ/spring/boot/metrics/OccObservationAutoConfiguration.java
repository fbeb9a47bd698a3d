package dev.occ.spring.boot.metrics;

import dev.occ.Occ;
import dev.occ.OccObserver;
import dev.occ.micrometer.MicrometerOccObserver;
import dev.occ.micrometer.OccObservationConvention;
import dev.occ.spring.boot.OccAutoConfiguration;
import dev.occ.spring.boot.OccCustomizer;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Observation auto-configuration: makes each operation of the {@link Occ} bean a Micrometer
 * observation in the application's {@link ObservationRegistry} — with Spring Boot's tracing, an
 * {@code occ} span inside the request's trace, its retries as events — through a {@link
 * MicrometerOccObserver} that an {@link OccCustomizer} hands to the Occ bean. An {@link
 * OccObservationConvention} bean, if there is one, names and tags the observations.
 */
@AutoConfiguration(
    after = OccAutoConfiguration.class,
    afterName =
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean({Occ.class, ObservationRegistry.class})
@ConditionalOnBooleanProperty(name = "occ.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "occ.observations.enabled", matchIfMissing = true)
public final class OccObservationAutoConfiguration {
  /** Observes occ's operations in the registry, by the application's convention if it has one. */
  @Bean
  @ConditionalOnMissingBean(OccObserver.class)
  public MicrometerOccObserver micrometerOccObserver(
      ObservationRegistry registry, ObjectProvider<OccObservationConvention> convention) {
    return MicrometerOccObserver.create(registry, convention.getIfUnique());
  }

  /** Sets the observer (this configuration's, or the application's own bean) on the Occ bean. */
  @Bean
  @ConditionalOnMissingBean(name = "occObserverCustomizer")
  public OccCustomizer occObserverCustomizer(OccObserver observer) {
    return builder -> builder.observer(observer);
  }
}
