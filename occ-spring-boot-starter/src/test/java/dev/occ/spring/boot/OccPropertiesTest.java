package dev.occ.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.occ.spring.boot.idempotency.IdempotencySettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

@ExtendWith(OutputCaptureExtension.class)
class OccPropertiesTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(DataSourceAutoConfiguration.class, OccAutoConfiguration.class))
          .withPropertyValues(Things.h2DataSourceProperty());

  @Test
  void maxAttemptsBelowOneFailsAtStartup() {
    assertStartupFails("occ.retry.max-attempts=0", "occ.retry.max-attempts", "must be at least 1");
  }

  @Test
  void negativeBaseDelayFailsAtStartup() {
    assertStartupFails("occ.retry.base-delay=-5ms", "occ.retry.base-delay", "must not be negative");
  }

  @Test
  void negativeMaxDelayFailsAtStartup() {
    assertStartupFails("occ.retry.max-delay=-1s", "occ.retry.max-delay", "must not be negative");
  }

  @Test
  void maxDelayBelowBaseDelayFailsAtStartup() {
    runner
        .withPropertyValues("occ.retry.base-delay=1s", "occ.retry.max-delay=10ms")
        .run(
            context ->
                assertThat(messages(context.getStartupFailure()))
                    .contains("occ.retry.max-delay", "occ.retry.base-delay"));
  }

  @Test
  void negativeRetryAfterFailsAtStartup() {
    assertStartupFails("occ.web.retry-after=-1s", "occ.web.retry-after", "must not be negative");
  }

  @Test
  void malformedSqlStateFailsAtStartupWithCoresReason() {
    assertStartupFails("occ.retry.extra-sql-states=lock", "occ.retry", "SQLState");
  }

  @Test
  void aZeroIdempotencyTtlFailsAtStartup() {
    assertStartupFails("occ.idempotency.ttl=0s", "occ.idempotency.ttl", "must be positive");
  }

  @Test
  void aZeroIdempotencyLockTimeoutFailsAtStartup() {
    assertStartupFails(
        "occ.idempotency.lock-timeout=0ms", "occ.idempotency.lock-timeout", "at least 1ms");
  }

  @Test
  void aNegativeCleanupIntervalFailsAtStartup() {
    assertStartupFails(
        "occ.idempotency.cleanup-interval=-1s",
        "occ.idempotency.cleanup-interval",
        "must not be negative");
  }

  @Test
  void aCleanupBatchSizeBelowOneFailsAtStartup() {
    assertStartupFails(
        "occ.idempotency.cleanup-batch-size=0", "occ.idempotency.cleanup-batch-size", "at least 1");
  }

  @Test
  void aTableNameThatIsNotAPlainSqlNameFailsAtStartup() {
    assertStartupFails(
        "occ.idempotency.table=keys; DROP TABLE users", "occ.idempotency.table", "plain SQL name");
  }

  @Test
  void idempotencySettingsComeFromTheProperties() {
    runner
        .withPropertyValues(
            "occ.idempotency.table=app.keys",
            "occ.idempotency.ttl=2h",
            "occ.idempotency.lock-timeout=250ms",
            "occ.idempotency.cleanup-interval=0s",
            "occ.idempotency.cleanup-batch-size=50")
        .run(
            context ->
                assertThat(context.getBean(OccProperties.class).getIdempotency().toSettings())
                    .isEqualTo(
                        new IdempotencySettings(
                            "app.keys",
                            Duration.ofHours(2),
                            Duration.ofMillis(250),
                            Duration.ZERO,
                            50)));
  }

  @Test
  void theStartupReportNamesThePropertyAndTheReason(CapturedOutput output) {
    SpringApplication application = new SpringApplication(App.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    assertThatThrownBy(
            () ->
                application.run("--occ.retry.max-attempts=0", "--" + Things.h2DataSourceProperty()))
        .isNotNull();
    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains("Property: occ.retry.max-attempts")
        .contains("Value: \"0\"")
        .contains("Reason: must be at least 1");
  }

  private void assertStartupFails(String property, String field, String reason) {
    runner
        .withPropertyValues(property)
        .run(context -> assertThat(messages(context.getStartupFailure())).contains(field, reason));
  }

  private static String messages(Throwable failure) {
    assertThat(failure).as("startup failure").isNotNull();
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({DataSourceAutoConfiguration.class, OccAutoConfiguration.class})
  static class App {}
}
