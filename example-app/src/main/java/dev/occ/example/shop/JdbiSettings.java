package dev.occ.example.shop;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Settings of the starter's {@link Jdbi} that the shop needs on top of occ's. */
@Configuration(proxyBeanMethods = false)
public class JdbiSettings {

  /**
   * Gives every statement, occ's included, a JDBC query timeout. A move waits on a row lock only as
   * long as a competing move holds it (milliseconds); a session that holds it far longer must not
   * hang every request for that card until the pool runs dry.
   */
  @Bean
  public SmartInitializingSingleton jdbiStatementTimeout(Jdbi jdbi, ShopProperties properties) {
    int seconds = (int) properties.statementTimeout().toSeconds();
    return () -> jdbi.getConfig(SqlStatements.class).setQueryTimeout(seconds);
  }
}
