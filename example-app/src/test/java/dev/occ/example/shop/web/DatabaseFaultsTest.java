package dev.occ.example.shop.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.OutcomeUnknownException;
import dev.occ.TransientFailureException;
import java.io.EOFException;
import java.io.IOException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletionException;
import org.jdbi.v3.core.CloseException;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * The classifier on the shapes the faults take in the app (as {@code ConnectionLossIntegrationTest}
 * provokes them against PostgreSQL) and on bugs that must stay 500.
 */
class DatabaseFaultsTest {

  // --- the shapes seen against PostgreSQL ---------------------------------------------------

  /** A move's session ended by the server, then Spring's rollback on the broken connection. */
  @Test
  void rollbackFailedAfterTheServerEndedTheSessionIsDatabaseUnavailable() {
    TransactionSystemException rollback = rollbackFailed();
    rollback.initApplicationException(
        statementFailed(new SQLException("FATAL: terminating connection", "57P01")));

    assertThat(DatabaseFaults.classify(rollback)).isEqualTo(DatabaseFault.DATABASE_UNAVAILABLE);
  }

  /** What reaches the handler when the application exception is lost, as after a failed commit. */
  @Test
  void rollbackFailedOnHikarisClosedConnectionAloneIsDatabaseUnavailable() {
    assertThat(DatabaseFaults.classify(rollbackFailed()))
        .isEqualTo(DatabaseFault.DATABASE_UNAVAILABLE);
  }

  @Test
  void pgjdbcIoErrorIsDatabaseUnavailable() {
    PSQLException io =
        new PSQLException(
            "An I/O error occurred while sending to the backend.",
            PSQLState.CONNECTION_FAILURE,
            new EOFException());

    assertThat(DatabaseFaults.classify(statementFailed(io)))
        .isEqualTo(DatabaseFault.DATABASE_UNAVAILABLE);
  }

  @Test
  void everyConnectionStateIsDatabaseUnavailable() {
    for (String state :
        new String[] {
          "08000", "08001", "08003", "08006", "57P01", "57P02", "57P03", "53300", "90067", "90098"
        }) {
      assertThat(DatabaseFaults.classify(statementFailed(new SQLException("lost", state))))
          .as(state)
          .isEqualTo(DatabaseFault.DATABASE_UNAVAILABLE);
    }
  }

  @Test
  void hikariPoolTimeoutIsDatabaseUnavailableHoweverSpringWrapsIt() {
    SQLTransientConnectionException timeout =
        new SQLTransientConnectionException(
            "shop - Connection is not available, request timed out after 2000ms");

    assertThat(
            DatabaseFaults.classify(
                new CannotCreateTransactionException("Could not open JDBC Connection", timeout)))
        .isEqualTo(DatabaseFault.DATABASE_UNAVAILABLE);
    assertThat(
            DatabaseFaults.classify(
                new CannotGetJdbcConnectionException("Failed to obtain", timeout)))
        .isEqualTo(DatabaseFault.DATABASE_UNAVAILABLE);
    assertThat(DatabaseFaults.classify(new ConnectionException(timeout)))
        .isEqualTo(DatabaseFault.DATABASE_UNAVAILABLE);
  }

  @Test
  void springsResourceFailuresAreDatabaseUnavailableEvenWithoutACause() {
    assertThat(DatabaseFaults.classify(new DataAccessResourceFailureException("JDBC commit")))
        .isEqualTo(DatabaseFault.DATABASE_UNAVAILABLE);
    assertThat(DatabaseFaults.classify(new TransactionSystemException("JDBC commit failed")))
        .isEqualTo(DatabaseFault.DATABASE_UNAVAILABLE);
  }

  // --- occ's exceptions ----------------------------------------------------------------------

  @Test
  void outcomeUnknownWinsOverTheConnectionLossBeneathIt() {
    OutcomeUnknownException unknown =
        new OutcomeUnknownException("appointments", 42L, null, rollbackFailed());

    assertThat(DatabaseFaults.classify(unknown)).isEqualTo(DatabaseFault.OUTCOME_UNKNOWN);
    assertThat(DatabaseFaults.classify(new CompletionException(unknown)))
        .isEqualTo(DatabaseFault.OUTCOME_UNKNOWN);
  }

  @Test
  void transientFailureIsTransientUnlessItsStateIsAConnectionLoss() {
    assertThat(DatabaseFaults.classify(transientFailure("40001")))
        .isEqualTo(DatabaseFault.TRANSIENT_FAILURE);
    assertThat(DatabaseFaults.classify(transientFailure("40P01")))
        .isEqualTo(DatabaseFault.TRANSIENT_FAILURE);
    assertThat(DatabaseFaults.classify(transientFailure("HYT00")))
        .isEqualTo(DatabaseFault.TRANSIENT_FAILURE);
    assertThat(DatabaseFaults.classify(transientFailure("08006")))
        .isEqualTo(DatabaseFault.DATABASE_UNAVAILABLE);
    assertThat(DatabaseFaults.classify(transientFailure("57P01")))
        .isEqualTo(DatabaseFault.DATABASE_UNAVAILABLE);
  }

  /** A lock or statement timeout: the database answers, it could not do the work in time. */
  @Test
  void statementTimeoutIsTransientFailure() {
    assertThat(
            DatabaseFaults.classify(
                statementFailed(new SQLException("canceling statement", "57014"))))
        .isEqualTo(DatabaseFault.TRANSIENT_FAILURE);
    assertThat(DatabaseFaults.classify(new QueryTimeoutException("JDBC query timeout")))
        .isEqualTo(DatabaseFault.TRANSIENT_FAILURE);
    assertThat(
            DatabaseFaults.classify(
                statementFailed(
                    new SQLException(
                        "Query execution was interrupted (max_statement_time exceeded)",
                        "70100",
                        1969))))
        .isEqualTo(DatabaseFault.TRANSIENT_FAILURE);
    assertThat(
            DatabaseFaults.classify(
                statementFailed(new SQLException("lock not available", "55P03"))))
        .isEqualTo(DatabaseFault.TRANSIENT_FAILURE);
  }

  // --- where the fault hides -----------------------------------------------------------------

  @Test
  void aConnectionLossWinsOverATransientFailureInTheSameFailure() {
    SQLException deadlock = new SQLException("deadlock detected", "40P01");
    deadlock.addSuppressed(new SQLException("rollback failed", "08006"));

    assertThat(DatabaseFaults.classify(statementFailed(deadlock)))
        .isEqualTo(DatabaseFault.DATABASE_UNAVAILABLE);
  }

  @Test
  void aClosedConnectionSuppressedUnderAStatementFailureIsDatabaseUnavailable() {
    UnableToExecuteStatementException failed =
        statementFailed(new SQLException("duplicate key", "23505"));
    failed.addSuppressed(
        new CloseException("Unable to close Connection", new SQLException("Connection is closed")));

    assertThat(DatabaseFaults.classify(failed)).isEqualTo(DatabaseFault.DATABASE_UNAVAILABLE);
  }

  @Test
  void theNextExceptionOfABatchIsLookedAt() {
    BatchUpdateException batch =
        new BatchUpdateException("batch entry 0 failed", "22000", new int[0]);
    batch.setNextException(new SQLException("An I/O error occurred", "08006"));

    assertThat(DatabaseFaults.classify(statementFailed(batch)))
        .isEqualTo(DatabaseFault.DATABASE_UNAVAILABLE);
  }

  @Test
  void aSocketErrorBeneathADriverExceptionWithoutStateIsDatabaseUnavailable() {
    SQLException driver =
        new SQLException("socket problem", (String) null, new IOException("Connection reset"));

    assertThat(DatabaseFaults.classify(statementFailed(driver)))
        .isEqualTo(DatabaseFault.DATABASE_UNAVAILABLE);
  }

  @Test
  void aFaultDeepInAChainOfWrappersIsFound() {
    RuntimeException wrapped = statementFailed(new SQLException("lost", "08006"));
    for (int i = 0; i < 30; i++) {
      wrapped = new RuntimeException("layer " + i, wrapped);
    }

    assertThat(DatabaseFaults.classify(wrapped)).isEqualTo(DatabaseFault.DATABASE_UNAVAILABLE);
  }

  @Test
  void aCycleOfCausesEnds() {
    RuntimeException first = new RuntimeException("first");
    RuntimeException second = new RuntimeException("second", first);
    first.initCause(second);
    SQLException sql = new SQLException("lost", "08006");
    sql.setNextException(sql);

    assertThat(DatabaseFaults.classify(first)).isNull();
    assertThat(DatabaseFaults.classify(sql)).isEqualTo(DatabaseFault.DATABASE_UNAVAILABLE);
  }

  // --- bugs stay bugs ------------------------------------------------------------------------

  @Test
  void bugsAreNotDatabaseFaults() {
    assertThat(DatabaseFaults.classify(new NullPointerException())).isNull();
    assertThat(DatabaseFaults.classify(new IllegalStateException("SELECT secret FROM t"))).isNull();
    assertThat(DatabaseFaults.classify(statementFailed(new SQLException("syntax error", "42601"))))
        .isNull();
    assertThat(DatabaseFaults.classify(statementFailed(new SQLException("duplicate key", "23505"))))
        .isNull();
    assertThat(DatabaseFaults.classify(new DuplicateKeyException("duplicate key"))).isNull();
    assertThat(DatabaseFaults.classify(statementFailed(new SQLException("no state")))).isNull();
  }

  /** A bug whose cleanup then also failed on the database is still a bug, with its stack trace. */
  @Test
  void aBugWithADatabaseFailureOnlySuppressedStaysABug() {
    NullPointerException bug = new NullPointerException("card.status");
    bug.addSuppressed(new SQLException("An I/O error occurred", "08006"));

    assertThat(DatabaseFaults.classify(bug)).isNull();
  }

  /** A socket error outside any database exception is the client's or the server's, not ours. */
  @Test
  void aSocketErrorOutsideADatabaseExceptionIsNotADatabaseFault() {
    assertThat(DatabaseFaults.classify(new RuntimeException(new IOException("Broken pipe"))))
        .isNull();
  }

  private static TransactionSystemException rollbackFailed() {
    // What HikariCP's proxy throws once it marked the connection broken: no SQLState.
    return new TransactionSystemException(
        "JDBC rollback failed", new SQLException("Connection is closed"));
  }

  private static UnableToExecuteStatementException statementFailed(SQLException cause) {
    return new UnableToExecuteStatementException(cause.getMessage(), cause, null);
  }

  private static TransientFailureException transientFailure(String state) {
    return new TransientFailureException(
        "appointments", state, 0, 2, new SQLException("failed", state));
  }
}
