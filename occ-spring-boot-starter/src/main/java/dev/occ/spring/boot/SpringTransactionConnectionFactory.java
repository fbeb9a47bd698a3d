package dev.occ.spring.boot;

import java.sql.Connection;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Hands JDBI the connection of the current Spring-managed transaction when there is one, so that
 * occ's statements commit or roll back with the caller's {@code @Transactional} method.
 */
final class SpringTransactionConnectionFactory implements ConnectionFactory {
  private final DataSource dataSource;

  SpringTransactionConnectionFactory(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Connection openConnection() {
    return DataSourceUtils.getConnection(dataSource);
  }

  @Override
  public void closeConnection(Connection connection) {
    DataSourceUtils.releaseConnection(connection, dataSource);
  }
}
