package dev.occ.spring.boot.idempotency;

import dev.occ.Occ;
import dev.occ.spring.boot.OccAutoConfiguration;
import dev.occ.spring.boot.OccProperties;
import javax.sql.DataSource;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * {@link Idempotent} for Spring MVC applications with occ: the advisor around idempotent handler
 * methods, the key table on the application's DataSource, and the scheduled cleanup of expired
 * keys. Settings under {@code occ.idempotency.*}; {@code occ.idempotency.enabled=false} turns it
 * off.
 */
@AutoConfiguration(
    after = OccAutoConfiguration.class,
    afterName =
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "occ.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "occ.idempotency.enabled", matchIfMissing = true)
@ConditionalOnBean({Occ.class, DataSource.class})
@ConditionalOnSingleCandidate(PlatformTransactionManager.class)
@EnableConfigurationProperties(OccProperties.class)
public final class IdempotencyAutoConfiguration {
  /**
   * Order of the idempotency advisor: outside occ's retry advisor ({@link
   * OccAutoConfiguration#RETRY_ADVISOR_ORDER}) and Spring's transaction advisor, because it begins
   * the transaction they join and is itself the retry boundary.
   */
  public static final int ADVISOR_ORDER = OccAutoConfiguration.RETRY_ADVISOR_ORDER - 100;

  /** The key table on the application's DataSource, in the transactions of its manager. */
  @Bean
  @ConditionalOnMissingBean
  public IdempotencyKeyStore occIdempotencyKeyStore(
      DataSource dataSource, PlatformTransactionManager transactions, OccProperties properties) {
    return IdempotencyKeyStore.create(
        dataSource, transactions, properties.getIdempotency().toSettings());
  }

  /**
   * Deletes expired keys every {@code occ.idempotency.cleanup-interval}, if the application has
   * {@link Idempotent} handler methods.
   */
  @Bean
  @ConditionalOnMissingBean
  public IdempotencyKeyCleanup occIdempotencyKeyCleanup(
      IdempotencyKeyStore store, ObjectProvider<RequestMappingHandlerMapping> mappings) {
    return new IdempotencyKeyCleanup(
        store,
        () ->
            mappings
                .orderedStream()
                .flatMap(mapping -> mapping.getHandlerMethods().values().stream())
                .anyMatch(method -> method.hasMethodAnnotation(Idempotent.class)));
  }

  /** Runs {@link Idempotent} handler methods with their keys. */
  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  @ConditionalOnMissingBean(name = "occIdempotencyAdvisor")
  public static DefaultPointcutAdvisor occIdempotencyAdvisor(
      ObjectProvider<IdempotencyKeyStore> store,
      ObjectProvider<Occ> occ,
      ObjectProvider<RequestMappingHandlerAdapter> mvc) {
    MessageBodies bodies =
        new MessageBodies(SingletonSupplier.of(() -> mvc.getObject().getMessageConverters()));
    IdempotencyInterceptor interceptor =
        new IdempotencyInterceptor(
            SingletonSupplier.of(store::getObject), SingletonSupplier.of(occ::getObject), bodies);
    DefaultPointcutAdvisor advisor =
        new DefaultPointcutAdvisor(new IdempotentPointcut(), interceptor);
    advisor.setOrder(ADVISOR_ORDER);
    return advisor;
  }
}
