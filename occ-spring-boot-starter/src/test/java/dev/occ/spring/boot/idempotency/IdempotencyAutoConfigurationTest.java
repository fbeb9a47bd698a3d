package dev.occ.spring.boot.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.spring.boot.OccAutoConfiguration;
import dev.occ.spring.boot.Things;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

class IdempotencyAutoConfigurationTest {
  private static final AutoConfigurations CONFIGURATIONS =
      AutoConfigurations.of(
          AopAutoConfiguration.class,
          DataSourceAutoConfiguration.class,
          DataSourceTransactionManagerAutoConfiguration.class,
          TransactionAutoConfiguration.class,
          OccAutoConfiguration.class,
          WebMvcAutoConfiguration.class,
          IdempotencyAutoConfiguration.class);

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(CONFIGURATIONS)
          .withPropertyValues(Things.h2DataSourceProperty());

  /** An application's controller with an idempotent endpoint. */
  @RestController
  static class Keyed {
    @PostMapping("/keyed")
    @Idempotent
    public ResponseEntity<String> create() {
      return ResponseEntity.ok("created");
    }
  }

  /** A controller whose idempotent method cannot replay its status. */
  @RestController
  static class Unreplayable {
    @PostMapping("/plain")
    @Idempotent
    public String create() {
      return "created";
    }
  }

  @Test
  void providesTheStoreTheCleanupAndTheAdvisorInAServletWebApp() {
    runner.run(
        context ->
            assertThat(context)
                .hasSingleBean(IdempotencyKeyStore.class)
                .hasSingleBean(IdempotencyKeyCleanup.class)
                .hasBean("occIdempotencyAdvisor"));
  }

  @Test
  void theAdvisorRunsOutsideOccsRetryAndSpringsTransactionAdvisors() {
    runner.run(
        context -> {
          DefaultPointcutAdvisor idempotency =
              context.getBean("occIdempotencyAdvisor", DefaultPointcutAdvisor.class);
          DefaultPointcutAdvisor retry =
              context.getBean("occRetryAdvisor", DefaultPointcutAdvisor.class);
          assertThat(idempotency.getOrder())
              .isEqualTo(IdempotencyAutoConfiguration.ADVISOR_ORDER)
              .isLessThan(retry.getOrder());
        });
  }

  @Test
  void theSettingsComeFromTheProperties() {
    runner
        .withPropertyValues("occ.idempotency.table=app_keys", "occ.idempotency.ttl=2h")
        .run(
            context -> {
              IdempotencySettings settings = context.getBean(IdempotencyKeyStore.class).settings();
              assertThat(settings.table()).isEqualTo("app_keys");
              assertThat(settings.ttl()).hasHours(2);
            });
  }

  @Test
  void theCleanupRunsOnlyInAnApplicationWithIdempotentHandlers() {
    runner.run(
        context -> assertThat(context.getBean(IdempotencyKeyCleanup.class).isRunning()).isFalse());
    runner
        .withUserConfiguration(Keyed.class)
        .run(
            context ->
                assertThat(context.getBean(IdempotencyKeyCleanup.class).isRunning()).isTrue());
    runner
        .withUserConfiguration(Keyed.class)
        .withPropertyValues("occ.idempotency.cleanup-interval=0s")
        .run(
            context ->
                assertThat(context.getBean(IdempotencyKeyCleanup.class).isRunning()).isFalse());
  }

  @Test
  void anIdempotentMethodThatReturnsNoResponseEntityStopsTheApplication() {
    runner
        .withUserConfiguration(Unreplayable.class)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining(
                        "@Idempotent needs a method that returns ResponseEntity"));
  }

  /** An application that brings its own store. */
  @Configuration(proxyBeanMethods = false)
  static class OwnStore {
    @Bean
    IdempotencyKeyStore myStore(DataSource dataSource, PlatformTransactionManager transactions) {
      return IdempotencyKeyStore.create(
          dataSource,
          transactions,
          new IdempotencySettings(
              "my_keys", Duration.ofHours(1), Duration.ofSeconds(1), Duration.ZERO, 10));
    }
  }

  @Test
  void theApplicationsOwnStoreWins() {
    runner
        .withUserConfiguration(OwnStore.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(IdempotencyKeyStore.class).hasBean("myStore");
              assertThat(context.getBean(IdempotencyKeyStore.class).settings().table())
                  .isEqualTo("my_keys");
            });
  }

  @Test
  void idempotencyEnabledFalseSwitchesItOff() {
    runner
        .withPropertyValues("occ.idempotency.enabled=false")
        .run(
            context ->
                assertThat(context)
                    .doesNotHaveBean(IdempotencyKeyStore.class)
                    .doesNotHaveBean("occIdempotencyAdvisor"));
  }

  @Test
  void occEnabledFalseSwitchesItOff() {
    runner
        .withPropertyValues("occ.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(IdempotencyKeyStore.class));
  }

  @Test
  void backsOffOutsideAWebApp() {
    new ApplicationContextRunner()
        .withConfiguration(CONFIGURATIONS)
        .withPropertyValues(Things.h2DataSourceProperty())
        .run(
            context ->
                assertThat(context)
                    .doesNotHaveBean(IdempotencyKeyStore.class)
                    .doesNotHaveBean("occIdempotencyAdvisor"));
  }
}
