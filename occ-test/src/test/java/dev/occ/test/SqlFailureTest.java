package dev.occ.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exception an injected failure throws is the JDBC 4 subclass its SQLState's class calls for.
 */
class SqlFailureTest {

  @ParameterizedTest
  @CsvSource({
    "40001, 0, java.sql.SQLTransactionRollbackException",
    "40P01, 0, java.sql.SQLTransactionRollbackException",
    "40001, 1213, java.sql.SQLTransactionRollbackException",
    "08006, 0, java.sql.SQLNonTransientConnectionException",
    "23505, 0, java.sql.SQLIntegrityConstraintViolationException",
    "42601, 0, java.sql.SQLSyntaxErrorException",
    "22003, 0, java.sql.SQLDataException",
    "HY000, 1205, java.sql.SQLException",
    "55P03, 0, java.sql.SQLException"
  })
  void theExceptionClassFollowsTheSqlStateClass(String state, int code, String type) {
    SQLException e = SqlFailure.of(state, code).toException();

    assertThat(e.getClass().getName()).isEqualTo(type);
    assertThat(e.getSQLState()).isEqualTo(state);
    assertThat(e.getErrorCode()).isEqualTo(code);
    assertThat(e.getMessage()).contains("injected");
  }
}
