package dev.occ.example.shop.faults;

import dev.occ.example.shop.ShopApplication;
import dev.occ.example.shop.support.Api;
import dev.occ.example.shop.support.Users;
import dev.occ.testing.FaultCluster;
import dev.occ.testing.PostgresProxy;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two example-app instances on one fresh database of the fault cluster, as behind a load balancer,
 * reaching it straight or through a {@link PostgresProxy}, configured as the app ships. A test
 * class shares one fleet among its cases (starting an app is the slow part); each case moves cards
 * of its own.
 */
final class ShopFleet implements AutoCloseable {
  static final int INSTANCES = 2;

  private final FaultCluster.Database database;
  private final @Nullable PostgresProxy proxy;
  private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

  private ShopFleet(boolean throughProxy) throws IOException {
    this.database = FaultCluster.freshDatabase("faults");
    PostgresProxy started = null;
    try {
      started = throughProxy ? PostgresProxy.inFrontOf(database.url()) : null;
      String url = started == null ? database.url() : started.url(database.url());
      for (int i = 0; i < INSTANCES; i++) {
        // One after the other: both would otherwise run Flyway on the empty database at once.
        apps.add(start(url));
      }
      Users.signUp(apps.get(0));
    } catch (IOException | RuntimeException e) {
      apps.forEach(ConfigurableApplicationContext::close);
      if (started != null) {
        started.close();
      }
      database.close();
      throw e;
    }
    this.proxy = started;
  }

  /** Starts two instances that reach the database straight. */
  static ShopFleet direct() throws IOException {
    return new ShopFleet(false);
  }

  /** Starts two instances that reach the database through one {@link PostgresProxy}. */
  static ShopFleet throughProxy() throws IOException {
    return new ShopFleet(true);
  }

  FaultCluster.Database database() {
    return database;
  }

  @Nullable PostgresProxy proxy() {
    return proxy;
  }

  List<ConfigurableApplicationContext> apps() {
    return List.copyOf(apps);
  }

  /**
   * Returns, for each of two users of shop {@code north}, an HTTP client of each instance signed in
   * as that user: clients of two people moving the same cards, through either instance.
   */
  List<List<Api>> apisByUser() {
    List<List<Api>> byUser = new ArrayList<>();
    for (String user : List.of(Users.NORTH_ADVISOR, Users.NORTH_ADVISOR_2)) {
      List<Api> apis = new ArrayList<>();
      for (ConfigurableApplicationContext app : apps) {
        int port =
            Integer.parseInt(
                Objects.requireNonNull(app.getEnvironment().getProperty("local.server.port")));
        apis.add(Api.as(port, user));
      }
      byUser.add(apis);
    }
    return byUser;
  }

  /** Inserts cards at the initial version and status, straight into the database. */
  List<Long> createCards(int count) throws SQLException {
    List<Long> cards = new ArrayList<>();
    try (Connection c = database.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO appointments"
                    + " (shop_id, customer_name, vehicle, status, start_ts, version)"
                    + " VALUES ('north', ?, 'Test Vehicle', ?, now(), ?) RETURNING id")) {
      for (int i = 0; i < count; i++) {
        ps.setString(1, "Fault Customer " + i);
        ps.setString(2, MoveAudit.INITIAL_STATUS);
        ps.setLong(3, MoveAudit.INITIAL_VERSION);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          cards.add(rs.getLong(1));
        }
      }
    }
    return cards;
  }

  /** Stops the apps and the proxy, makes sure the cluster runs, and drops the database. */
  @Override
  public void close() {
    try {
      apps.forEach(ConfigurableApplicationContext::close);
      if (proxy != null) {
        proxy.close();
      }
    } finally {
      FaultCluster.ensureRunning();
      database.close();
    }
  }

  private ConfigurableApplicationContext start(String url) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("spring.datasource.url", url);
    p.put("spring.datasource.username", database.user());
    p.put("spring.datasource.password", database.password());
    p.put("server.port", 0);
    p.put("management.server.port", 0);
    p.put("shop.demo-data", false);
    // As command-line arguments, which win over application.yml.
    return new SpringApplicationBuilder(ShopApplication.class)
        .run(
            p.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new));
  }
}
