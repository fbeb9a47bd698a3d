package dev.occ.example.shop.tenancy;

import java.sql.DatabaseMetaData;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * PostgreSQL's row-level security for the shops: the policies' migration location, added on
 * PostgreSQL only, and the transaction manager that sets each transaction's shop.
 */
@Configuration(proxyBeanMethods = false)
public class RowLevelSecurity {
  /** Repeatable migrations that only PostgreSQL runs, after the shared versioned ones. */
  public static final String POSTGRES_MIGRATIONS = "classpath:db/postgresql";

  /** Adds {@link #POSTGRES_MIGRATIONS} when Flyway migrates a PostgreSQL database. */
  @Bean
  FlywayConfigurationCustomizer rowLevelSecurityMigrations() {
    return configuration -> {
      if (isPostgres(configuration.getDataSource())) {
        configuration.locations(
            Stream.concat(
                    Arrays.stream(configuration.getLocations()).map(l -> l.getDescriptor()),
                    Stream.of(POSTGRES_MIGRATIONS))
                .distinct()
                .toArray(String[]::new));
      }
    };
  }

  /**
   * The application's transaction manager, customized as Spring Boot customizes its own (the
   * starter's commit tracking included).
   */
  @Bean
  ShopTransactionManager transactionManager(
      DataSource dataSource, ObjectProvider<TransactionManagerCustomizers> customizers) {
    ShopTransactionManager manager = new ShopTransactionManager(dataSource);
    customizers.ifAvailable(c -> c.customize(manager));
    return manager;
  }

  private static boolean isPostgres(DataSource dataSource) {
    try {
      return "PostgreSQL"
          .equals(
              JdbcUtils.extractDatabaseMetaData(
                  dataSource, DatabaseMetaData::getDatabaseProductName));
    } catch (MetaDataAccessException e) {
      throw new IllegalStateException("Cannot tell which database Flyway is to migrate", e);
    }
  }
}
