package dev.occ.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.occ.OutcomeUnknownException;
import dev.occ.RowVersion;
import dev.occ.spring.boot.Things;
import dev.occ.testing.CommitFaults;
import dev.occ.testing.CommitFaults.Fault;
import dev.occ.testing.PgSessions;
import dev.occ.testing.RecordingListener;
import dev.occ.testing.TestDatabases;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Invariant 7 at the starter's retry boundary ({@code @Transactional @RetryOnTransientFailure}):
 * Spring's transaction manager tells occ when COMMIT is sent, so a connection lost before it is
 * retried, and one lost after it is resolved on PostgreSQL, never retried blindly.
 */
@SpringBootTest(
    classes = {StarterTestApp.class, CommitOutcomeIntegrationTest.Faults.class},
    properties = "occ.retry.outcome-resolution-timeout=300ms")
class CommitOutcomeIntegrationTest {
  private static final TestDatabases.Schema SCHEMA =
      TestDatabases.freshPostgresSchema("commit_spring");
  private static final Jdbi DIRECT = Things.direct(SCHEMA);
  private static final CommitFaults FAULTS =
      new CommitFaults(SCHEMA.url(), SCHEMA.user(), SCHEMA.password());

  @Autowired CommitOutcomeService service;
  @Autowired RecordingListener listener;
  @Autowired DataSource dataSource;

  @TestConfiguration
  static class Faults {
    @Bean
    @Primary
    DataSource faultyDataSource() throws SQLException {
      Things.create(DIRECT);
      return FAULTS.dataSource();
    }

    @Bean
    RecordingListener recordingListener() {
      return new RecordingListener();
    }
  }

  @AfterEach
  void reset() {
    FAULTS.acceptConnections();
    service.callsAndReset();
    listener.clear();
  }

  @AfterAll
  static void dropSchema() {
    SCHEMA.close();
  }

  @Test
  void aSessionEndedBeforeCommitIsRetriedInAFreshTransaction() throws SQLException {
    long id = Things.insertNew(DIRECT);

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
    assertThat(Things.version(DIRECT, id)).isEqualTo(2);
  }

  @Test
  void aCommitThatNeverReachedTheServerIsProvenRolledBackAndRetried() throws SQLException {
    long id = Things.insertNew(DIRECT);
    FAULTS.failNextCommit(Fault.LOSE_BEFORE_COMMIT);

    RowVersion written = service.rename(id, 1, attempt -> {});

    assertThat(written.version()).isEqualTo(2);
    assertThat(service.callsAndReset()).isEqualTo(2);
    assertThat(Things.version(DIRECT, id)).isEqualTo(2);
  }

  @Test
  void aCommitWhoseAnswerWasLostIsProvenCommittedAndNeverRunAgain() throws SQLException {
    long id = Things.insertNew(DIRECT);
    FAULTS.failNextCommit(Fault.LOSE_ANSWER_AFTER_COMMIT);

    // Spring's transaction interceptor dropped the method's result with the connection: occ can
    // say it committed, not hand the result back, and must not run the method again.
    assertThatThrownBy(() -> service.rename(id, 1, attempt -> {}))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class, e -> assertThat(e.committed()).isTrue());
    assertThat(service.callsAndReset()).isEqualTo(1);
    assertThat(listener.retries()).isEmpty();
    assertThat(Things.version(DIRECT, id)).isEqualTo(2);
  }

  @Test
  void aCommitFailureThatSpringReplacedByAStatelessRollbackErrorIsStillAskedAbout()
      throws SQLException {
    long id = Things.insertNew(DIRECT);
    FAULTS.failNextCommit(Fault.LOSE_ANSWER_AFTER_COMMIT_WITHOUT_STATE);

    assertThatThrownBy(() -> service.rename(id, 1, attempt -> {}))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class, e -> assertThat(e.committed()).isTrue());
    assertThat(service.callsAndReset()).isEqualTo(1);
    assertThat(Things.version(DIRECT, id)).isEqualTo(2);
  }

  @Test
  void whenNobodyCanBeAskedTheOutcomeIsUnknown() throws SQLException {
    long id = Things.insertNew(DIRECT);
    FAULTS.failNextCommit(Fault.LOSE_ANSWER_AFTER_COMMIT);

    assertThatThrownBy(() -> service.rename(id, 1, attempt -> FAULTS.refuseConnectionsFor(60_000)))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class, e -> assertThat(e.committed()).isNull());
    FAULTS.acceptConnections();
    assertThat(service.callsAndReset()).isEqualTo(1);
    assertThat(Things.version(DIRECT, id)).isEqualTo(2);
  }

  /** Ends, from outside, the session of the transaction Spring holds on this thread. */
  private void terminateThisTransactionsSession() {
    PgSessions.terminate(DataSourceUtils.getConnection(dataSource), SCHEMA);
  }
}
