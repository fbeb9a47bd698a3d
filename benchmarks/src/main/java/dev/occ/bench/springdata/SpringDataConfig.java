package dev.occ.bench.springdata;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jdbc.repository.config.AbstractJdbcConfiguration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The least Spring needs for Spring Data JDBC: its own configuration plus a JDBC template and a
 * transaction manager on the benchmark's pool. No Boot, no web, no repositories to scan: the
 * context is built once per trial and costs nothing per operation.
 */
@Configuration(proxyBeanMethods = false)
public class SpringDataConfig extends AbstractJdbcConfiguration {
  /** Spring Data JDBC's access to the database. */
  @Bean
  public NamedParameterJdbcOperations namedParameterJdbcOperations(DataSource dataSource) {
    return new NamedParameterJdbcTemplate(dataSource);
  }

  /** A transaction per move, as {@code @Transactional} on a service method would give. */
  @Bean
  public TransactionTemplate transactionTemplate(DataSource dataSource) {
    return new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }
}
