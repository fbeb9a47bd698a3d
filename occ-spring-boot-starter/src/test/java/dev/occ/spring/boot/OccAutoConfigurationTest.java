package dev.occ.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.Occ;
import dev.occ.OccListener;
import dev.occ.Operation;
import dev.occ.Outcome;
import dev.occ.RetryPolicy;
import dev.occ.spi.OccIntegration;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.springframework.aop.Advisor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

class OccAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataSourceAutoConfiguration.class,
                  DataSourceTransactionManagerAutoConfiguration.class,
                  TransactionAutoConfiguration.class,
                  OccAutoConfiguration.class))
          .withPropertyValues(Things.h2DataSourceProperty());

  @Test
  void providesJdbiOccAndRetryAdvisorOnTheDataSource() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(Jdbi.class).hasSingleBean(Occ.class);
          assertThat(context).hasBean("occRetryAdvisor");
          assertThat(context.getBean(Occ.class).jdbi()).isSameAs(context.getBean(Jdbi.class));
          assertThat(context.getBean(Occ.class).retryPolicy())
              .hasToString(RetryPolicy.DEFAULT.toString());
        });
  }

  @Test
  void jdbiWaitsForDatabaseInitialization() {
    // A bean that writes through Jdbi while the context starts must find the schema in place.
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                DataSourceAutoConfiguration.class,
                org.springframework.boot.jdbc.autoconfigure
                    .DataSourceInitializationAutoConfiguration.class,
                OccAutoConfiguration.class))
        .withPropertyValues(
            Things.h2DataSourceProperty(),
            "spring.sql.init.mode=always",
            "spring.sql.init.schema-locations=classpath:startup-schema.sql")
        .withUserConfiguration(WritesAtStartup.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(WritesAtStartup.class).rows).isEqualTo(1);
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class WritesAtStartup {
    final int rows;

    WritesAtStartup(Jdbi jdbi) {
      this.rows = jdbi.withHandle(h -> h.execute("INSERT INTO startup_marks (id) VALUES (1)"));
    }
  }

  @Test
  void backsOffWithoutADataSource() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(OccAutoConfiguration.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(Jdbi.class).doesNotHaveBean(Occ.class);
              assertThat(context).doesNotHaveBean(Advisor.class);
            });
  }

  @Test
  void backsOffWhenNoDataSourceIsTheSingleCandidate() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(OccAutoConfiguration.class))
        .withUserConfiguration(TwoDataSources.class)
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Occ.class));
  }

  @Test
  void usesTheApplicationsJdbi() {
    runner
        .withUserConfiguration(OwnJdbi.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(Jdbi.class);
              assertThat(context.getBean(Occ.class).jdbi()).isSameAs(context.getBean("ownJdbi"));
            });
  }

  @Test
  void usesTheApplicationsOcc() {
    runner
        .withUserConfiguration(OwnOcc.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(Occ.class);
              assertThat(context.getBean(Occ.class)).isSameAs(context.getBean("ownOcc"));
            });
  }

  @Test
  void occEnabledFalseSwitchesItOff() {
    runner
        .withPropertyValues("occ.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(Jdbi.class).doesNotHaveBean(Occ.class);
              assertThat(context).doesNotHaveBean("occRetryAdvisor");
            });
  }

  @Test
  void retryPropertiesConfigureTheOccBean() {
    runner
        .withPropertyValues(
            "occ.retry.max-attempts=4",
            "occ.retry.base-delay=5ms",
            "occ.retry.max-delay=1s",
            "occ.retry.extra-sql-states=55P03",
            "occ.retry.extra-vendor-codes=1234,5678")
        .run(
            context -> {
              RetryPolicy policy = context.getBean(Occ.class).retryPolicy();
              assertThat(policy.maxAttempts()).isEqualTo(4);
              assertThat(policy.baseDelay()).isEqualTo(Duration.ofMillis(5));
              assertThat(policy.maxDelay()).isEqualTo(Duration.ofSeconds(1));
              assertThat(policy.extraSqlStates()).containsExactly("55P03");
              assertThat(policy.extraVendorCodes()).containsExactlyInAnyOrder(1234, 5678);
              assertThat(
                      OccIntegration.of(context.getBean(Occ.class))
                          .retry()
                          .getRetryConfig()
                          .getMaxAttempts())
                  .isEqualTo(4);
            });
  }

  @Test
  void customizersAdjustTheOccAfterProperties() {
    runner
        .withPropertyValues("occ.retry.max-attempts=5")
        .withBean(OccCustomizer.class, () -> builder -> builder.retryPolicy(RetryPolicy.none()))
        .run(
            context ->
                assertThat(context.getBean(Occ.class).retryPolicy().maxAttempts()).isEqualTo(1));
  }

  @Test
  void listenerBeansHearOccsOperations() {
    List<String> heard = new CopyOnWriteArrayList<>();
    OccListener listener =
        new OccListener() {
          @Override
          public void operationCompleted(String table, Operation op, Outcome outcome, long nanos) {
            heard.add(table + ":" + op.tag() + ":" + outcome.tag());
          }
        };
    runner
        .withBean(OccListener.class, () -> listener)
        .run(
            context -> {
              Jdbi jdbi = context.getBean(Jdbi.class);
              Things.create(jdbi);
              Things.insert(jdbi, 1, "a", 1);
              context
                  .getBean(Occ.class)
                  .update(Things.TABLE)
                  .set("name", "b")
                  .whereId(1L)
                  .expectVersion(1)
                  .execute();
              assertThat(heard).containsExactly("things:update:success");
            });
  }

  @Test
  void rollingBackTheSpringTransactionUndoesOccsUpdate() {
    runner.run(
        context -> {
          Jdbi jdbi = context.getBean(Jdbi.class);
          Occ occ = context.getBean(Occ.class);
          Things.create(jdbi);
          Things.insert(jdbi, 1, "a", 1);
          TransactionTemplate tx = context.getBean(TransactionTemplate.class);
          tx.executeWithoutResult(
              status -> {
                occ.update(Things.TABLE).set("name", "b").whereId(1L).expectVersion(1).execute();
                // Inside the transaction the update is visible: occ wrote on its connection.
                assertThat(Things.row(jdbi, 1)).isEqualTo("b@2");
                status.setRollbackOnly();
              });
          assertThat(Things.row(jdbi, 1)).isEqualTo("a@1");
          tx.executeWithoutResult(
              status ->
                  occ.update(Things.TABLE).set("name", "c").whereId(1L).expectVersion(1).execute());
          assertThat(Things.row(jdbi, 1)).isEqualTo("c@2");
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnJdbi {
    @Bean
    Jdbi ownJdbi(DataSource dataSource) {
      return Jdbi.create(dataSource);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnOcc {
    @Bean
    Occ ownOcc(Jdbi jdbi) {
      return Occ.builder(jdbi).retryPolicy(RetryPolicy.none()).build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class TwoDataSources {
    @Bean
    DataSource first() {
      return new DriverManagerDataSource("jdbc:h2:mem:first");
    }

    @Bean
    DataSource second() {
      return new DriverManagerDataSource("jdbc:h2:mem:second");
    }
  }
}
