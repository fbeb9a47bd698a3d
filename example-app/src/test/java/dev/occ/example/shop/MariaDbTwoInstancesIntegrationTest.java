package dev.occ.example.shop;

import dev.occ.Occ;
import dev.occ.example.shop.appointments.Status;
import dev.occ.example.shop.support.Api;
import dev.occ.example.shop.support.Appointments;
import dev.occ.example.shop.support.ConcurrentMoves;
import dev.occ.example.shop.support.Users;
import dev.occ.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two app instances on one MariaDB database, as behind a load balancer: moves go through occ's
 * MariaDB path (a locking read of the row at the expected version, the UPDATE, the history INSERT)
 * and still nothing is lost.
 */
class MariaDbTwoInstancesIntegrationTest {

  @Test
  void movesSpreadOverTwoInstancesLoseNothing() throws Exception {
    try (TestDatabases.MariaDbDatabase database = TestDatabases.freshMariaDbDatabase("app2");
        ConfigurableApplicationContext first = start(MariaDbProperties.of(database));
        ConfigurableApplicationContext second = start(MariaDbProperties.of(database))) {
      Appointments rows = new Appointments(first.getBean(Occ.class));
      Instant start = Instant.now();
      List<Long> cards =
          List.of(
              rows.create(Status.SCHEDULED, start),
              rows.create(Status.SCHEDULED, start),
              rows.create(Status.SCHEDULED, start));
      Users.signUp(first);
      // Two users of one shop, one through each instance.
      List<Api> instances =
          List.of(
              Api.as(port(first), Users.NORTH_ADVISOR),
              Api.as(port(second), Users.NORTH_ADVISOR_2));

      ConcurrentMoves.Outcome outcome =
          ConcurrentMoves.run(instances, cards, 1, 8, Duration.ofSeconds(5));

      ConcurrentMoves.assertNothingLost(outcome, cards, 1, "SCHEDULED", rows, instances.get(1));
    }
  }

  /** Starts an instance on the database, without demo data, on a free port. */
  static ConfigurableApplicationContext start(Map<String, Object> database) {
    Map<String, Object> properties = new LinkedHashMap<>(database);
    properties.put("server.port", 0);
    properties.put("shop.demo-data", false);
    return PostgresProperties.start(
        new SpringApplicationBuilder(ShopApplication.class), properties);
  }

  static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(
        Objects.requireNonNull(context.getEnvironment().getProperty("local.server.port")));
  }
}
