package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.occ.Occ;
import dev.occ.example.shop.appointments.Status;
import dev.occ.example.shop.security.UserAccounts;
import dev.occ.example.shop.support.Api;
import dev.occ.example.shop.support.Appointments;
import dev.occ.example.shop.support.Users;
import dev.occ.testing.TestDatabases;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every connection of the app's pool held by the test, as moves stuck behind a slow database would
 * hold them: a move gets 503 once the pool's connection timeout has passed, never a hung request;
 * {@code /healthz} and readiness still answer at once, on the probe's own connection; and once the
 * connections come back, the next move succeeds.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "shop.demo-data=false")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PoolExhaustionIntegrationTest {
  /** Room for a loaded machine on top of the pool's own timeout. */
  private static final Duration SLACK = Duration.ofSeconds(2);

  private static TestDatabases.Schema schema;

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  @Autowired Occ occ;
  @Autowired UserAccounts accounts;
  @Autowired DataSource dataSource;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    schema = TestDatabases.freshPostgresSchema("poolfull");
    PostgresProperties.add(registry, schema);
  }

  @AfterAll
  static void dropSchema() {
    if (schema != null) {
      schema.close();
    }
  }

  @Test
  void withThePoolExhaustedAMoveIs503WithinTheConnectionTimeoutAndHealthzStaysUp()
      throws Exception {
    Users.signUp(accounts);
    Api api = Api.as(port, Users.NORTH_ADVISOR);
    long id =
        new Appointments(PostgresProperties.owner(schema)).create(Status.SCHEDULED, Instant.now());
    HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
    Duration connectionTimeout = Duration.ofMillis(pool.getConnectionTimeout());
    assertThat(api.get("/healthz").status()).isEqualTo(200);

    List<Connection> held = new ArrayList<>();
    try {
      for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
        held.add(pool.getConnection());
      }
      assertThat(pool.getHikariPoolMXBean().getIdleConnections()).isZero();

      Timed<Api.Reply> move = timed(() -> api.move(id, "READY", 1));
      Timed<Api.Reply> healthz = timed(() -> api.get("/healthz"));
      Timed<Api.Reply> readiness =
          timed(() -> new Api(managementPort).get("/actuator/health/readiness"));

      assertThat(move.value().status()).as(move.value().body()).isEqualTo(503);
      assertThat(move.value().header("Retry-After")).isEqualTo("1");
      assertThat(move.value().error().get("code").stringValue()).isEqualTo("DATABASE_UNAVAILABLE");
      AppointmentApiContract.assertNoInternals(move.value());
      // It waited for a connection the whole timeout, and not much longer.
      assertThat(move.took())
          .isBetween(connectionTimeout.minusMillis(100), connectionTimeout.plus(SLACK));
      // On the app's pool these would have waited the same timeout, then failed.
      assertThat(healthz.value().status()).isEqualTo(200);
      assertThat(healthz.value().data().get("database").stringValue()).isEqualTo("up");
      assertThat(healthz.took()).isLessThan(connectionTimeout);
      assertThat(readiness.value().status()).isEqualTo(200);
      assertThat(readiness.took()).isLessThan(connectionTimeout);
    } finally {
      for (Connection c : held) {
        c.close();
      }
    }

    Api.Reply after = api.move(id, "READY", 1);
    assertThat(after.status()).as(after.body()).isEqualTo(200);
    assertThat(after.data().get("version").longValue()).isEqualTo(2);
  }

  record Timed<T>(T value, Duration took) {}

  interface Call<T> {
    T call() throws Exception;
  }

  private static <T> Timed<T> timed(Call<T> call) throws Exception {
    long start = System.nanoTime();
    T value = call.call();
    return new Timed<>(value, Duration.ofNanos(System.nanoTime() - start));
  }
}
