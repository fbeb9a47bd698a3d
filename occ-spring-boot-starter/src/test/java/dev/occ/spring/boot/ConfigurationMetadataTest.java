package dev.occ.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.RetryPolicy;
import dev.occ.spring.boot.idempotency.IdempotencySettings;
import java.io.InputStream;
import java.net.URL;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The metadata IDEs complete {@code occ.*} keys from: every property documented, defaults true. */
class ConfigurationMetadataTest {
  @Test
  void everyOccPropertyIsListedWithADescription() throws Exception {
    Map<String, JsonNode> properties = occProperties();
    assertThat(properties)
        .containsOnlyKeys(
            "occ.enabled",
            "occ.retry.max-attempts",
            "occ.retry.base-delay",
            "occ.retry.max-delay",
            "occ.retry.extra-sql-states",
            "occ.retry.extra-vendor-codes",
            "occ.retry.outcome-resolution-timeout",
            "occ.metrics.enabled",
            "occ.observations.enabled",
            "occ.web.enabled",
            "occ.web.require-if-match",
            "occ.web.include-current-row",
            "occ.web.retry-after",
            "occ.idempotency.enabled",
            "occ.idempotency.table",
            "occ.idempotency.ttl",
            "occ.idempotency.lock-timeout",
            "occ.idempotency.cleanup-interval",
            "occ.idempotency.cleanup-batch-size");
    properties.forEach(
        (name, property) ->
            assertThat(property.path("description").asString())
                .as(name)
                .isNotBlank()
                .endsWith("."));
  }

  @Test
  void typedPropertiesAreDurationsAndDefaultsMatchCore() throws Exception {
    Map<String, JsonNode> properties = occProperties();
    assertThat(properties.get("occ.retry.base-delay").path("type").asString())
        .isEqualTo("java.time.Duration");
    assertThat(properties.get("occ.web.retry-after").path("type").asString())
        .isEqualTo("java.time.Duration");
    assertThat(properties.get("occ.retry.max-attempts").path("defaultValue").asInt())
        .isEqualTo(RetryPolicy.DEFAULT_MAX_ATTEMPTS);
    assertThat(duration(properties.get("occ.retry.base-delay")))
        .isEqualTo(RetryPolicy.DEFAULT_BASE_DELAY);
    assertThat(duration(properties.get("occ.retry.max-delay")))
        .isEqualTo(RetryPolicy.DEFAULT_MAX_DELAY);
    assertThat(duration(properties.get("occ.web.retry-after")))
        .isEqualTo(new OccProperties().getWeb().getRetryAfter());
    assertThat(properties.get("occ.enabled").path("defaultValue").asBoolean()).isTrue();
    assertThat(properties.get("occ.observations.enabled").path("type").asString())
        .isEqualTo("java.lang.Boolean");
    assertThat(properties.get("occ.observations.enabled").path("defaultValue").asBoolean())
        .isTrue();
    assertThat(properties.get("occ.web.require-if-match").path("defaultValue").asBoolean())
        .isFalse();
    assertThat(properties.get("occ.web.include-current-row").path("type").asString())
        .isEqualTo("java.lang.Boolean");
    assertThat(properties.get("occ.web.include-current-row").path("defaultValue").toString())
        .isEqualTo("false");
  }

  @Test
  void idempotencyDefaultsMatchTheSettingsConstants() throws Exception {
    Map<String, JsonNode> properties = occProperties();
    assertThat(properties.get("occ.idempotency.table").path("defaultValue").asString())
        .isEqualTo(IdempotencySettings.DEFAULT_TABLE);
    assertThat(duration(properties.get("occ.idempotency.ttl")))
        .isEqualTo(IdempotencySettings.DEFAULT_TTL);
    assertThat(duration(properties.get("occ.idempotency.lock-timeout")))
        .isEqualTo(IdempotencySettings.DEFAULT_LOCK_TIMEOUT);
    assertThat(duration(properties.get("occ.idempotency.cleanup-interval")))
        .isEqualTo(IdempotencySettings.DEFAULT_CLEANUP_INTERVAL);
    assertThat(properties.get("occ.idempotency.cleanup-batch-size").path("defaultValue").asInt())
        .isEqualTo(IdempotencySettings.DEFAULT_CLEANUP_BATCH_SIZE);
    assertThat(properties.get("occ.idempotency.enabled").path("defaultValue").asBoolean()).isTrue();
    assertThat(new OccProperties().getIdempotency().toSettings())
        .isEqualTo(IdempotencySettings.DEFAULTS);
  }

  private static Duration duration(JsonNode property) {
    return DurationStyle.detectAndParse(property.path("defaultValue").asString());
  }

  /** Reads every metadata file on the class path and keeps the {@code occ.*} properties. */
  private static Map<String, JsonNode> occProperties() throws Exception {
    JsonMapper mapper = JsonMapper.builder().build();
    Map<String, JsonNode> properties = new TreeMap<>();
    for (URL url :
        Collections.list(
            ConfigurationMetadataTest.class
                .getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
      try (InputStream in = url.openStream()) {
        for (JsonNode property : mapper.readTree(in).path("properties")) {
          String name = property.path("name").asString();
          if (name.startsWith("occ.")) {
            properties.put(name, property);
          }
        }
      }
    }
    return properties;
  }
}
