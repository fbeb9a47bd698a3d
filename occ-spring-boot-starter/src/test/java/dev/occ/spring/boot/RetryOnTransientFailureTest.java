package dev.occ.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.occ.Occ;
import dev.occ.OccListener;
import dev.occ.TransientFailureException;
import dev.occ.VersionConflictException;
import dev.occ.spi.OccIntegration;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.BeanFactoryTransactionAttributeSourceAdvisor;
import org.springframework.transaction.interceptor.TransactionAspectSupport;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

class RetryOnTransientFailureTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  AopAutoConfiguration.class,
                  DataSourceAutoConfiguration.class,
                  DataSourceTransactionManagerAutoConfiguration.class,
                  TransactionAutoConfiguration.class,
                  OccAutoConfiguration.class))
          .withPropertyValues(
              Things.h2DataSourceProperty(), "occ.retry.base-delay=0ms", "occ.retry.max-delay=0ms")
          .withBean(Flaky.class)
          .withBean(FlakyClass.class);

  @Test
  void reRunsTheMethodInAFreshTransactionAfterATransientFailure() {
    runner.run(
        context -> {
          Flaky flaky = context.getBean(Flaky.class);
          List<Boolean> activeWhenRetrying = new CopyOnWriteArrayList<>();
          OccIntegration.of(context.getBean(Occ.class))
              .retry()
              .getEventPublisher()
              .onRetry(
                  e ->
                      activeWhenRetrying.add(
                          TransactionSynchronizationManager.isActualTransactionActive()));
          flaky.failWith(
              () -> new TransientFailureException("things", "40001", 0, 1, new SQLException()));

          assertThat(flaky.run()).isEqualTo("done");

          assertThat(flaky.attempts()).hasSize(2);
          assertThat(flaky.attempts()).allSatisfy(a -> assertThat(a.newTransaction()).isTrue());
          assertThat(flaky.attempts().get(0).status())
              .isNotSameAs(flaky.attempts().get(1).status());
          assertThat(flaky.completions()).containsExactly("rolled back", "committed");
          // The retry happened between the attempts, where no transaction was open.
          assertThat(activeWhenRetrying).containsExactly(false);
        });
  }

  @Test
  void retriesARawSqlExceptionWithATransientSqlState() {
    runner.run(
        context -> {
          Flaky flaky = context.getBean(Flaky.class);
          flaky.failWith(() -> new SQLException("deadlock detected", "40P01"));
          assertThat(flaky.run()).isEqualTo("done");
          assertThat(flaky.completions()).hasSize(2).endsWith("committed");
        });
  }

  @Test
  void neverRetriesAVersionConflict() {
    runner.run(
        context -> {
          Flaky flaky = context.getBean(Flaky.class);
          VersionConflictException conflict =
              new VersionConflictException("things", 1L, 1, 2, null);
          flaky.failWith(() -> conflict);
          assertThatThrownBy(flaky::run).isSameAs(conflict);
          assertThat(flaky.attempts()).hasSize(1);
        });
  }

  @Test
  void neverRetriesAnErrorThatIsNotTransient() {
    runner.run(
        context -> {
          Flaky flaky = context.getBean(Flaky.class);
          SQLException duplicate = new SQLException("duplicate key", "23505");
          flaky.failWith(() -> duplicate);
          assertThatThrownBy(flaky::run).isSameAs(duplicate);
          assertThat(flaky.attempts()).hasSize(1);
        });
  }

  @Test
  void givesUpAfterMaxAttemptsWithATransientFailureException() {
    runner
        .withPropertyValues("occ.retry.max-attempts=3")
        .run(
            context -> {
              Flaky flaky = context.getBean(Flaky.class);
              for (int i = 0; i < 3; i++) {
                flaky.failWith(() -> new SQLException("could not serialize", "40001"));
              }
              assertThatThrownBy(flaky::run)
                  .isInstanceOfSatisfying(
                      TransientFailureException.class,
                      e -> {
                        assertThat(e.attempts()).isEqualTo(3);
                        assertThat(e.sqlState()).isEqualTo("40001");
                        assertThat(e.table()).isEqualTo("transaction");
                      });
              assertThat(flaky.attempts())
                  .hasSize(3)
                  .allSatisfy(a -> assertThat(a.newTransaction()).isTrue());
            });
  }

  @Test
  void runsOnceInsideACallersTransaction() {
    runner.run(
        context -> {
          Flaky flaky = context.getBean(Flaky.class);
          SQLException failure = new SQLException("could not serialize", "40001");
          flaky.failWith(() -> failure);
          TransactionTemplate outer = context.getBean(TransactionTemplate.class);
          // Re-running inside the caller's transaction could not undo it: the caller retries.
          assertThatThrownBy(() -> outer.executeWithoutResult(status -> callUnchecked(flaky)))
              .hasCause(failure);
          assertThat(flaky.attempts()).hasSize(1);
          assertThat(flaky.attempts().get(0).newTransaction()).isFalse();
        });
  }

  @Test
  void theRetryAdvisorRunsBeforeTheTransactionAdvisor() {
    runner.run(
        context -> {
          List<Advisor> advisors = List.of(((Advised) context.getBean(Flaky.class)).getAdvisors());
          int retry = advisors.indexOf(context.getBean("occRetryAdvisor", Advisor.class));
          int transaction =
              advisors.indexOf(context.getBean(BeanFactoryTransactionAttributeSourceAdvisor.class));
          assertThat(retry).isNotNegative().isLessThan(transaction);
        });
  }

  @Test
  void aTransactionAdvisorOrderedFirstCostsTheRetryButNeverRetriesInsideTheTransaction() {
    runner
        .withUserConfiguration(TransactionsFirst.class)
        .run(
            context -> {
              Flaky flaky = context.getBean(Flaky.class);
              TransientFailureException failure =
                  new TransientFailureException("things", "40001", 0, 1, new SQLException());
              flaky.failWith(() -> failure);
              assertThatThrownBy(flaky::run).isSameAs(failure);
              assertThat(flaky.attempts()).hasSize(1);
            });
  }

  @Test
  void reportsEachRetryToTheListenerBeans() {
    List<String> heard = new CopyOnWriteArrayList<>();
    OccListener listener =
        new OccListener() {
          @Override
          public void retrying(String table, String reason, int attempt) {
            heard.add(table + ":" + reason + ":" + attempt);
          }
        };
    runner
        .withPropertyValues("occ.retry.max-attempts=3")
        .withBean(OccListener.class, () -> listener)
        .run(
            context -> {
              Flaky flaky = context.getBean(Flaky.class);
              flaky.failWith(
                  () -> new TransientFailureException("things", "40001", 0, 1, new SQLException()));
              flaky.failWith(() -> new SQLException("deadlock detected", "40P01"));
              assertThat(flaky.run()).isEqualTo("done");
              assertThat(heard)
                  .containsExactly("things:serialization_failure:2", "transaction:deadlock:3");
            });
  }

  @Test
  void onTheClassItRetriesEveryPublicMethod() {
    runner.run(
        context -> {
          FlakyClass flaky = context.getBean(FlakyClass.class);
          assertThat(flaky.failOnce()).isEqualTo(2);
        });
  }

  private static void callUnchecked(Flaky flaky) {
    try {
      flaky.run();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What one attempt saw of its transaction. */
  record Attempt(TransactionStatus status, boolean newTransaction) {}

  /** Fails with the queued failures, one per attempt, then succeeds; records every attempt. */
  static class Flaky {
    private final List<Supplier<? extends Exception>> failures = new ArrayList<>();
    private final List<Attempt> attempts = new ArrayList<>();
    private final List<String> completions = new ArrayList<>();

    public void failWith(Supplier<? extends Exception> failure) {
      failures.add(failure);
    }

    public List<Attempt> attempts() {
      return attempts;
    }

    public List<String> completions() {
      return completions;
    }

    @Transactional
    @RetryOnTransientFailure
    public String run() throws SQLException {
      TransactionStatus status = TransactionAspectSupport.currentTransactionStatus();
      attempts.add(new Attempt(status, status.isNewTransaction()));
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCompletion(int outcome) {
              completions.add(outcome == STATUS_COMMITTED ? "committed" : "rolled back");
            }
          });
      if (!failures.isEmpty()) {
        Exception failure = failures.remove(0).get();
        if (failure instanceof SQLException sql) {
          throw sql;
        }
        throw (RuntimeException) failure;
      }
      return "done";
    }
  }

  /** An application that puts its transaction advisor before every other advisor. */
  @Configuration(proxyBeanMethods = false)
  @EnableTransactionManagement(order = Ordered.HIGHEST_PRECEDENCE)
  static class TransactionsFirst {}

  /** Annotated on the class: every public method retries. */
  @RetryOnTransientFailure
  static class FlakyClass {
    private int calls;

    public int failOnce() {
      if (++calls == 1) {
        throw new TransientFailureException("things", "40001", 0, 1, new SQLException());
      }
      return calls;
    }
  }
}
