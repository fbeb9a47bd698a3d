package dev.occ.spring.boot.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IdempotencySettingsTest {
  private static final Duration S = Duration.ofSeconds(1);

  @Test
  void takesPlainAndSchemaQualifiedTableNames() {
    assertThat(new IdempotencySettings("keys", S, S, S, 1).table()).isEqualTo("keys");
    assertThat(new IdempotencySettings("app.keys_2", S, S, Duration.ZERO, 1).table())
        .isEqualTo("app.keys_2");
  }

  @Test
  void refusesTableNamesThatAreNotPlainSqlNames() {
    for (String table : new String[] {"", "1keys", "keys;", "\"keys\"", "a.b.c", "keys --"}) {
      assertThatThrownBy(() -> new IdempotencySettings(table, S, S, S, 1))
          .as(table)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("plain SQL name");
    }
  }

  @Test
  void refusesDurationsAndSizesItCannotWorkWith() {
    assertThatThrownBy(() -> new IdempotencySettings("k", Duration.ZERO, S, S, 1))
        .hasMessageContaining("ttl");
    assertThatThrownBy(() -> new IdempotencySettings("k", S, Duration.ofNanos(999_999), S, 1))
        .hasMessageContaining("lockTimeout");
    assertThatThrownBy(() -> new IdempotencySettings("k", S, S, Duration.ofSeconds(-1), 1))
        .hasMessageContaining("cleanupInterval");
    assertThatThrownBy(() -> new IdempotencySettings("k", S, S, S, 0))
        .hasMessageContaining("cleanupBatchSize");
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    assertThat(IdempotencySettings.DEFAULTS)
        .isEqualTo(
            new IdempotencySettings(
                "occ_idempotency_keys",
                Duration.ofHours(24),
                Duration.ofSeconds(1),
                Duration.ofHours(1),
                1000));
  }
}
