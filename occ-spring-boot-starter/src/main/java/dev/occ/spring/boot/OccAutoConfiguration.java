package dev.occ.spring.boot;

import dev.occ.Occ;
import dev.occ.OccListener;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.util.function.SingletonSupplier;

/**
 * Core auto-configuration: a {@link Jdbi} on the application's {@link DataSource} whose handles
 * join Spring-managed transactions, the {@link Occ} bean, and the advisor behind {@link
 * RetryOnTransientFailure}. Applies when there is one DataSource (or a primary one) and {@code
 * occ.enabled} is not {@code false}.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration"
    })
@ConditionalOnBooleanProperty(name = "occ.enabled", matchIfMissing = true)
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(OccProperties.class)
public final class OccAutoConfiguration {
  /**
   * Order of the retry advisor: before Spring's transaction advisor (lowest precedence by default),
   * so that each retry attempt opens a new transaction. An application that orders its transaction
   * advisor earlier than this loses the retries, never correctness: the interceptor then finds a
   * transaction already open and runs the method once.
   */
  public static final int RETRY_ADVISOR_ORDER = Ordered.LOWEST_PRECEDENCE - 100;

  /**
   * A Jdbi whose handles use the Spring-managed transaction's connection when there is one, and
   * whose {@code inTransaction} joins a Spring transaction and otherwise commits its own.
   */
  @Bean
  @DependsOnDatabaseInitialization // a bean that writes at startup must see migrated tables
  @ConditionalOnMissingBean
  public Jdbi jdbi(DataSource dataSource) {
    Jdbi jdbi = Jdbi.create(new SpringTransactionConnectionFactory(dataSource));
    // Spring, not JDBI, ends transactions it began: closing a handle must not roll them back.
    jdbi.getConfig(Handles.class).setForceEndTransactions(false);
    // Jdbi joins Spring's transactions, and outside them begins and commits its own whatever the
    // pool's auto-commit setting.
    jdbi.setTransactionHandler(new SpringAwareTransactionHandler(dataSource));
    return jdbi;
  }

  /**
   * The Occ bean, configured from {@code occ.*} properties, listeners and customizers; it joins
   * Spring-managed transactions on the DataSource and begins and commits its own elsewhere.
   */
  @Bean
  @ConditionalOnMissingBean
  public Occ occ(
      Jdbi jdbi,
      DataSource dataSource,
      OccProperties properties,
      ObjectProvider<OccListener> listeners,
      ObjectProvider<OccCustomizer> customizers) {
    Occ.Builder builder =
        Occ.builder(jdbi)
            .retryPolicy(properties.toRetryPolicy())
            .callerTransactions(new SpringCallerTransactions(dataSource));
    listeners.orderedStream().forEach(builder::listener);
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  /**
   * Reports Spring's transaction begin and COMMIT to occ's retry boundary, so that a connection
   * lost before COMMIT is retried and one lost after it is resolved, never retried blindly. Boot
   * adds it to the transaction manager it configures.
   */
  @Bean
  @ConditionalOnMissingBean
  public CommitTrackingListener occCommitTrackingListener() {
    return new CommitTrackingListener();
  }

  /**
   * Re-runs {@link RetryOnTransientFailure} methods outside their transaction; each retry is
   * reported to the Occ's listener.
   */
  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  @ConditionalOnMissingBean(name = "occRetryAdvisor")
  public static DefaultPointcutAdvisor occRetryAdvisor(ObjectProvider<Occ> occ) {
    ComposablePointcut pointcut =
        new ComposablePointcut(new AnnotationMatchingPointcut(RetryOnTransientFailure.class, true))
            .union(new AnnotationMatchingPointcut(null, RetryOnTransientFailure.class, true));
    TransientFailureRetryInterceptor interceptor =
        new TransientFailureRetryInterceptor(SingletonSupplier.of(occ::getObject));
    DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(pointcut, interceptor);
    advisor.setOrder(RETRY_ADVISOR_ORDER);
    return advisor;
  }
}
