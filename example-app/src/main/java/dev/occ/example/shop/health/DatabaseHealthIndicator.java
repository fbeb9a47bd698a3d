package dev.occ.example.shop.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The health contributor {@code database}: up when {@link DatabaseProbe} gets an answer. The
 * readiness group includes it and the liveness group does not (see application.yml): a database
 * outage takes the instance out of the load balancer, it must not get it restarted.
 */
@Component
public class DatabaseHealthIndicator implements HealthIndicator {
  private final DatabaseProbe probe;

  /** Creates the indicator on the probe. */
  public DatabaseHealthIndicator(DatabaseProbe probe) {
    this.probe = probe;
  }

  @Override
  public Health health() {
    return probe.answers() ? Health.up().build() : Health.down().build();
  }
}
