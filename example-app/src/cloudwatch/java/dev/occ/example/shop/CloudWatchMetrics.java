package dev.occ.example.shop;

import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Clock;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;

/**
 * Sends the same meters that /actuator/prometheus shows (shop.moves, occ.update,
 * http.server.requests, …) to Amazon CloudWatch, namespace {@code EdgarAutoShop/MoveAPI} unless
 * {@code shop.cloudwatch.namespace} says otherwise. Compiled only with {@code -Pcloudwatch}; the
 * AWS region and credentials come from the SDK's usual chain (AWS_REGION, AWS_PROFILE, an instance
 * role, …). Spring Boot applies the {@code management.metrics.*} settings to this registry too.
 */
@Configuration(proxyBeanMethods = false)
public class CloudWatchMetrics {
  /** The namespace of the shop's hardening card. */
  public static final String DEFAULT_NAMESPACE = "EdgarAutoShop/MoveAPI";

  /**
   * The CloudWatch registry; {@code shop.cloudwatch.*} sets Micrometer's {@code cloudwatch.*} keys
   * ({@code namespace}, {@code step}, {@code enabled}, {@code batchSize}).
   */
  @Bean
  public CloudWatchMeterRegistry cloudWatchMeterRegistry(Environment environment, Clock clock) {
    CloudWatchConfig config =
        new CloudWatchConfig() {
          @Override
          public @Nullable String get(String key) {
            return environment.getProperty("shop." + key);
          }

          @Override
          public String namespace() {
            return environment.getProperty("shop.cloudwatch.namespace", DEFAULT_NAMESPACE);
          }
        };
    return new CloudWatchMeterRegistry(config, clock, CloudWatchAsyncClient.create());
  }
}
