package dev.occ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.occ.micrometer.MicrometerOccListener;
import dev.occ.spi.OccIntegration;
import dev.occ.testing.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** Two instances in one application keep their resilience4j meters apart by their names. */
class OccNamingTest {
  @Test
  void twoNamedInstancesBindTheirRetryMetersSideBySide() {
    Jdbi jdbi = Jdbi.create(TestDatabases.freshH2Url());
    Occ orders = Occ.builder(jdbi).name("orders").build();
    Occ stock = Occ.builder(jdbi).name("stock").build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    MicrometerOccListener.bindRetryMetrics(orders, registry);
    MicrometerOccListener.bindRetryMetrics(stock, registry);

    assertThat(OccIntegration.of(orders).retry().getName()).isEqualTo("orders");
    assertThat(registry.find("resilience4j.retry.calls").tag("name", "orders").meters())
        .isNotEmpty();
    assertThat(registry.find("resilience4j.retry.calls").tag("name", "stock").meters())
        .isNotEmpty();
  }

  @Test
  void anUnnamedInstanceIsCalledOcc() {
    assertThat(Occ.create(Jdbi.create(TestDatabases.freshH2Url())).name()).isEqualTo("occ");
  }

  @Test
  void aNameThatIsNotAnIdentifierIsRefused() {
    assertThatThrownBy(() -> Occ.builder(Jdbi.create(TestDatabases.freshH2Url())).name("a b"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
