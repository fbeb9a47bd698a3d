package dev.occ.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.occ.RetryPolicy;
import dev.occ.TransientFailureException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Which failures occ re-runs a transaction for: decided by SQLState and vendor code only. */
class TransientErrorsTest {
  private final TransientErrors errors = new TransientErrors(RetryPolicy.DEFAULT);

  @ParameterizedTest
  @CsvSource({"40001, serialization_failure", "40P01, deadlock"})
  void transientSqlStatesAreRetriedWithTheirReason(String sqlState, String reason) {
    // pgjdbc throws a plain PSQLException; a bare SQLException stands in for it.
    SQLException e = new SQLException("boom", sqlState);

    assertThat(errors.reason(e)).isEqualTo(reason);
    assertThat(errors.isTransient(e)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"23505", "42601", "25P02", "08006", "55P03", "57014", "22001"})
  void permanentOrAmbiguousSqlStatesAreNotRetried(String sqlState) {
    // 08006 is a lost connection: a COMMIT's outcome is unknown then, so re-running could apply it
    // twice.
    SQLException e = new SQLException("boom", sqlState);

    assertThat(errors.reason(e)).isNull();
    assertThat(errors.isTransient(e)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "1213, 40001", // MySQL/MariaDB deadlock
    "1205, HY000", // MySQL/MariaDB lock wait timeout
    "1020, HY000", // MariaDB record changed since last read
    "50200, HYT00", // H2 lock timeout
    "90131, 90131" // H2 concurrent update
  })
  void vendorCodesOfMySqlMariaDbAndH2AreRetried(int vendorCode, String sqlState) {
    assertThat(errors.isTransient(new SQLException("boom", sqlState, vendorCode))).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "1213, deadlock",
    "1205, lock_timeout",
    "1020, serialization_failure",
    "50200, lock_timeout",
    "90131, serialization_failure",
    "40001, deadlock"
  })
  void withoutASqlStateTheVendorCodeGivesTheReason(int vendorCode, String reason) {
    assertThat(errors.reason(new SQLException("boom", null, vendorCode))).isEqualTo(reason);
  }

  @ParameterizedTest
  @CsvSource({
    "40001, 1213, deadlock", // MySQL/MariaDB send their deadlock with SQLState 40001
    "HY000, 1205, lock_timeout",
    "40001, 40001, deadlock", // H2's deadlock
    "40001, 0, serialization_failure" // PostgreSQL: no vendor code
  })
  void aKnownVendorCodeNamesTheFailureMorePreciselyThanItsSqlState(
      String sqlState, int vendorCode, String reason) {
    assertThat(errors.reason(new SQLException("boom", sqlState, vendorCode))).isEqualTo(reason);
  }

  @Test
  void aLostConnectionIsToldBySqlStateButNeverInsideAnUnknownOutcomeOrAPoolTimeout() {
    SQLException io =
        new SQLException("An I/O error occurred while sending to the backend", "08006");
    assertThat(TransientErrors.isConnectionLoss(new RuntimeException(io))).isTrue();
    assertThat(TransientErrors.isConnectionLoss(new SQLException("terminating", "57P01"))).isTrue();
    assertThat(TransientErrors.isConnectionLoss(new SQLException("deadlock", "40P01"))).isFalse();
    assertThat(
            TransientErrors.isConnectionLoss(
                new dev.occ.OutcomeUnknownException("t", 7L, null, io)))
        .isFalse();
    assertThat(
            TransientErrors.isConnectionLoss(
                new java.sql.SQLTransientConnectionException("pool timed out", "08001")))
        .isFalse();
  }

  @Test
  void aPermanentSqlStateWinsOverATransientVendorCode() {
    assertThat(errors.reason(new SQLException("boom", "23000", 1213))).isNull();
  }

  @Test
  void aTransientErrorIsFoundUnderWrappers() {
    SQLException cause = new SQLTransactionRollbackException("deadlock detected", "40P01");
    RuntimeException jdbi = new UnableToExecuteStatementException(cause, null);

    assertThat(errors.reason(new IllegalStateException("outer", jdbi))).isEqualTo("deadlock");
  }

  @Test
  void aSqlExceptionWithoutStateDefersToTheSqlExceptionItWraps() {
    // Pools and proxies wrap the driver's exception in a SQLException of their own without a state.
    SQLException wrapper = new SQLException("wrapped", null, 0, new SQLException("boom", "40001"));

    assertThat(errors.reason(new RuntimeException(wrapper))).isEqualTo("serialization_failure");
  }

  @Test
  void aBatchFailureIsClassifiedByItsChainedNextException() {
    BatchUpdateException batch =
        new BatchUpdateException("batch entry 0 aborted", null, 0, new int[0], null);
    batch.setNextException(new SQLException("deadlock detected", "40P01"));

    assertThat(errors.reason(new RuntimeException(batch))).isEqualTo("deadlock");
  }

  @Test
  void aPermanentNextExceptionKeepsABatchFailurePermanent() {
    BatchUpdateException batch =
        new BatchUpdateException("batch entry 0 aborted", null, 0, new int[0], null);
    batch.setNextException(new SQLException("duplicate key", "23505"));

    assertThat(errors.isTransient(batch)).isFalse();
  }

  @Test
  void failuresWithoutAnySqlExceptionAreNotTransient() {
    assertThat(errors.isTransient(new IllegalStateException("no SQL here"))).isFalse();
    assertThat(errors.isTransient(new SQLException("no state, no code"))).isFalse();
  }

  @Test
  void aTransientFailureFromAnInnerOperationStaysTransient() {
    // An update run with execute(handle) inside Occ.inTransaction reports this; the outer
    // transaction must still be re-run.
    TransientFailureException inner =
        new TransientFailureException("items", "40P01", 0, 1, new SQLException("x", "40P01"));

    assertThat(errors.reason(inner)).isEqualTo("deadlock");
  }

  @Test
  void extraCodesAreTransientOnlyWhenConfigured() {
    TransientErrors extended =
        new TransientErrors(
            RetryPolicy.builder()
                .extraSqlStates(Set.of("55P03"))
                .extraVendorCodes(Set.of(4242))
                .build());

    assertThat(errors.isTransient(new SQLException("lock not available", "55P03"))).isFalse();
    assertThat(extended.reason(new SQLException("lock not available", "55P03")))
        .isEqualTo("sqlstate_55P03");
    assertThat(errors.isTransient(new SQLException("vendor", "HY000", 4242))).isFalse();
    assertThat(extended.reason(new SQLException("vendor", "HY000", 4242))).isEqualTo("vendor_4242");
  }

  @Test
  void integrityAndSyntaxErrorsAreNeverTransientWhateverTheirVendorCode() {
    Gen<String> sqlState =
        Generate.pick(List.of("23", "42"))
            .zip(strings().betweenCodePoints('0', '9').ofLength(3), String::concat)
            .mix(
                Generate.pick(List.of("23", "42"))
                    .zip(strings().betweenCodePoints('A', 'Z').ofLength(3), String::concat));
    // Known transient vendor codes included: a vendor code never outweighs a definite SQLState.
    Gen<Integer> vendorCode =
        integers().all().mix(Generate.pick(List.of(0, 1213, 1205, 1020, 50200, 90131, 40001)));
    Gen<Integer> depth = integers().between(0, 3);

    qt().withExamples(2_000)
        .forAll(sqlState, vendorCode, depth)
        .checkAssert(
            (state, code, wrappers) -> {
              Throwable failure = new SQLException("permanent", state, code);
              for (int i = 0; i < wrappers; i++) {
                failure = new RuntimeException(failure);
              }
              assertThat(errors.isTransient(failure)).as("%s / %s", state, code).isFalse();
            });
  }
}
