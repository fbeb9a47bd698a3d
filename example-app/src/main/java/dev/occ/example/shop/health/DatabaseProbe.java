package dev.occ.example.shop.health;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.stereotype.Component;

/**
 * Asks the database whether it answers, on a connection of its own: a pool of one, apart from the
 * app's. A health check that borrowed from the app's pool would queue behind moves when the pool is
 * busy and report a full pool as a dead database; this one answers within {@link #TIMEOUT} plus one
 * validation, whatever the moves are doing.
 */
@Component
public class DatabaseProbe implements DisposableBean {
  /**
   * How long a check waits for its connection; with the database gone, the answer is "down" after
   * this long (a Kubernetes probe's default timeout is 1 s).
   */
  static final Duration TIMEOUT = Duration.ofMillis(500);

  /** JDBC's validation timeout is whole seconds; pgjdbc bounds it with a socket timeout too. */
  private static final int VALIDATION_SECONDS = 1;

  private static final Logger log = LoggerFactory.getLogger(DatabaseProbe.class);

  private final HikariDataSource pool;

  /** Creates the probe on the app's database settings ({@code spring.datasource.*}). */
  public DatabaseProbe(DataSourceProperties database) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("shop-health");
    config.setJdbcUrl(database.determineUrl());
    config.setUsername(database.determineUsername());
    config.setPassword(database.determinePassword());
    String driver = database.determineDriverClassName();
    if (driver != null) {
      config.setDriverClassName(driver);
    }
    config.setMaximumPoolSize(1);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(TIMEOUT.toMillis());
    // Below the connection timeout, as HikariCP requires: a dead connection is found in time to
    // try a fresh one.
    config.setValidationTimeout(TIMEOUT.toMillis() / 2);
    // The probe exists, and says "down", while the database does not: it never stops the start.
    config.setInitializationFailTimeout(-1);
    this.pool = new HikariDataSource(config);
  }

  /** Returns whether the database answers now. */
  public boolean answers() {
    try (Connection c = pool.getConnection()) {
      // isValid runs a round trip under its own timeout, even where the network has gone silent.
      if (c.isValid(VALIDATION_SECONDS)) {
        return true;
      }
      log.warn("Health check: the database connection is not valid");
    } catch (SQLException | RuntimeException e) {
      log.warn("Health check: the database does not answer: {}", e.toString());
    }
    return false;
  }

  @Override
  public void destroy() {
    pool.close();
  }
}
