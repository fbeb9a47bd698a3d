package dev.occ.example.shop;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.DatabaseMetaData;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.api.Location;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * What the shop needs on MariaDB (a Galera cluster too) beyond what serves PostgreSQL and H2: its
 * own migrations, sessions in UTC so that timestamps stay instants whatever the JVM's zone, and
 * row-lock waits that end before the statement timeout does. Nothing here applies to other
 * databases.
 */
@Configuration(proxyBeanMethods = false)
public class MariaDbSettings {
  /** The migrations that PostgreSQL and H2 (in PostgreSQL mode) share. */
  static final String SHARED_MIGRATIONS = "classpath:db/migration";

  /** The same migrations written for MariaDB, version for version. */
  static final String MARIADB_MIGRATIONS = "classpath:db/mariadb";

  /**
   * MariaDB Connector/J options for instants. By default the driver sends and reads timestamps as
   * the JVM's wall-clock time while the server converts TIMESTAMP columns with the session's zone
   * (the server's, by default): a JVM and a server in different zones shift every timestamp, and a
   * zone with daylight saving time makes an hour each autumn ambiguous. With these the session runs
   * in UTC ({@code +00:00}, which needs no time zone tables) and the driver converts instants to
   * and from it.
   */
  static final Map<String, String> UTC_SESSION =
      Map.of(
          "connectionTimeZone", "UTC",
          "forceConnectionTimeZoneToSession", "true",
          "preserveInstants", "true");

  /**
   * Reads the MariaDB migrations instead of the shared ones when Flyway migrates a MariaDB
   * database; other locations stay as configured.
   */
  @Bean
  FlywayConfigurationCustomizer mariaDbMigrations() {
    return configuration -> {
      if (isMariaDb(configuration.getDataSource())) {
        configuration.locations(
            Arrays.stream(configuration.getLocations())
                .map(Location::getDescriptor)
                .map(l -> l.equals(SHARED_MIGRATIONS) ? MARIADB_MIGRATIONS : l)
                .toArray(String[]::new));
      }
    };
  }

  /**
   * Gives the app's pool, when its URL is a MariaDB one, the {@link #UTC_SESSION} options and a
   * row-lock wait ({@link #lockWait}) that ends before {@code shop.statement-timeout}; an option
   * that the URL or {@code spring.datasource.hikari.data-source-properties} sets already is left as
   * it is. Static, with the properties looked up late: a post processor exists before the beans it
   * processes.
   */
  @Bean
  static BeanPostProcessor mariaDbSessions(ObjectProvider<ShopProperties> properties) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && isMariaDbUrl(pool.getJdbcUrl())) {
          Map<String, String> options = new HashMap<>(UTC_SESSION);
          options.put("sessionVariables", lockWait(properties.getObject().statementTimeout()));
          addMissing(pool, options);
        }
        return bean;
      }
    };
  }

  /**
   * Returns the session variable that bounds a row-lock wait, in whole seconds: one second under
   * the statement timeout (at least 1). MariaDB Connector/J runs a JDBC query timeout as {@code
   * max_statement_time}, whose error (1969) says only "interrupted"; a lock wait that ends first
   * fails with 1205 instead, which occ retries as a lock timeout and then reports as a transient
   * failure, as the statement timeout does on PostgreSQL. InnoDB's own default would wait 50 s.
   */
  static String lockWait(Duration statementTimeout) {
    return "innodb_lock_wait_timeout=" + Math.max(1, statementTimeout.toSeconds() - 1);
  }

  /** Adds the driver options that neither the URL nor the pool's properties name. */
  static void addMissing(HikariDataSource pool, Map<String, String> options) {
    String url = String.valueOf(pool.getJdbcUrl()).toLowerCase(Locale.ROOT);
    options.forEach(
        (name, value) -> {
          boolean inUrl = url.matches(".*[?&]" + name.toLowerCase(Locale.ROOT) + "=.*");
          if (!inUrl && !pool.getDataSourceProperties().containsKey(name)) {
            pool.addDataSourceProperty(name, value);
          }
        });
  }

  /** Returns whether the JDBC URL is MariaDB Connector/J's ({@code jdbc:mariadb:…}). */
  static boolean isMariaDbUrl(@Nullable String url) {
    return url != null && url.toLowerCase(Locale.ROOT).startsWith("jdbc:mariadb:");
  }

  private static boolean isMariaDb(DataSource dataSource) {
    try {
      String product =
          JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
      return "MariaDB".equalsIgnoreCase(product);
    } catch (MetaDataAccessException e) {
      throw new IllegalStateException("Cannot tell which database Flyway is to migrate", e);
    }
  }
}
