package dev.occ.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.RowVersion;
import dev.occ.spring.boot.Things;
import dev.occ.testing.PgSessions;
import dev.occ.testing.RecordingListener;
import dev.occ.testing.TestDatabases;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A session ended before COMMIT, behind Boot's HikariCP pool: Hikari closes the broken connection,
 * Spring's rollback on it fails without a SQLState and replaces the method's error; the starter
 * still sees the lost connection and runs the method again in a fresh transaction.
 */
@SpringBootTest(
    classes = {StarterTestApp.class, PooledConnectionLossIntegrationTest.Listener.class})
class PooledConnectionLossIntegrationTest {
  private static final TestDatabases.Schema SCHEMA =
      TestDatabases.freshPostgresSchema("pooled_loss");

  @Autowired CommitOutcomeService service;
  @Autowired RecordingListener listener;
  @Autowired DataSource dataSource;

  @TestConfiguration
  static class Listener {
    @Bean
    RecordingListener recordingListener() {
      return new RecordingListener();
    }
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) throws SQLException {
    Things.create(Things.direct(SCHEMA));
    registry.add("spring.datasource.url", SCHEMA::url);
    registry.add("spring.datasource.username", SCHEMA::user);
    registry.add("spring.datasource.password", SCHEMA::password);
  }

  @AfterAll
  static void dropSchema() {
    SCHEMA.close();
  }

  @Test
  void aSessionEndedBeforeCommitIsRetriedThoughSpringsRollbackFailedToo() throws SQLException {
    long id = Things.insertNew(Things.direct(SCHEMA));

    RowVersion written =
        service.rename(
            id,
            1,
            attempt -> {
              if (attempt == 1) {
                terminateThisTransactionsSession();
              }
            });

    assertThat(written.version()).isEqualTo(2);
    assertThat(service.callsAndReset()).isEqualTo(2);
    assertThat(listener.retries())
        .extracting(RecordingListener.Retry::reason)
        .containsExactly("connection_lost");
  }

  /** Ends, from outside, the session of the transaction Spring holds on this thread. */
  private void terminateThisTransactionsSession() {
    PgSessions.terminate(DataSourceUtils.getConnection(dataSource), SCHEMA);
  }
}
