package dev.occ.test;

import static dev.occ.testing.ItemsTable.ITEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.occ.Occ;
import dev.occ.RetryPolicy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the extension hands a test, and how the pieces are wired. */
@ExtendWith(OccTestExtension.class)
class OccTestExtensionTest {
  private static final Set<FaultInjector> SEEN = ConcurrentHashMap.newKeySet();
  private static final H2Items DB = H2Items.create();

  @FaultTarget private final DataSource database = DB.dataSource();

  private FaultInjector injectorOfBeforeEach;
  private OccRetryCounter counterOfBeforeEach;

  @BeforeEach
  void remember(FaultInjector faults, OccRetryCounter retries) {
    injectorOfBeforeEach = faults;
    counterOfBeforeEach = retries;
  }

  @Test
  void aTestGetsTheObjectsItsBeforeEachGotAndNoOtherTestDoes(
      FaultInjector faults, OccRetryCounter retries) {
    assertThat(faults).isSameAs(injectorOfBeforeEach);
    assertThat(retries).isSameAs(counterOfBeforeEach);
    assertThat(SEEN.add(faults)).as("an injector no other test had").isTrue();
  }

  @Test
  void anotherTestGetsAnotherInjector(FaultInjector faults) {
    assertThat(faults.faults()).isEmpty();
    assertThat(faults.injected()).isZero();
    assertThat(SEEN.add(faults)).as("an injector no other test had").isTrue();
  }

  @Test
  void theInjectorWrapsTheFaultTargetField(FaultInjector faults) throws SQLException {
    DataSource wrapped = faults.dataSource();
    InjectedFault fault = faults.failStatements("^SELECT 1$").withSqlState("40001");

    assertThat(wrapped.unwrap(JdbcDataSource.class)).isSameAs(database);
    try (Connection c = wrapped.getConnection();
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery("SELECT 1"))
          .isInstanceOf(SQLTransactionRollbackException.class);
    }
    assertThat(fault.injected()).isEqualTo(1);
    assertThat(SEEN.add(faults)).isTrue();
  }

  @Test
  void theProbeReportsTheFaultsOfTheTestsInjectorAndTheRetriesOfItsCounter(
      @ProbeSettings(clients = 3, writesPerClient = 4) LostUpdateProbe probe,
      FaultInjector faults,
      OccRetryCounter retries) {
    long id = DB.newRow(0);
    Occ occ =
        Occ.builder(Jdbi.create(faults.dataSource()))
            .retryPolicy(RetryPolicy.builder().maxAttempts(4).build())
            .listener(retries)
            .build();
    faults.failStatements("(?i)\\bupdate\\s+\"?items\\b").times(2).withSqlState("40001");

    ProbeReport report =
        probe.run(id, DB::version, LostUpdateProbeTest.viaOcc(occ)).assertNoLostUpdates();

    assertThat(probe.clients()).isEqualTo(3);
    assertThat(probe.writesPerClient()).isEqualTo(4);
    assertThat(probe.isLockstep()).isTrue();
    assertThat(report.attempts()).isEqualTo(12);
    assertThat(report.faultsInjected()).hasValue(2);
    assertThat(report.retries().orElseThrow()).isGreaterThanOrEqualTo(2);
    assertThat(retries.count("serialization_failure")).isGreaterThanOrEqualTo(2);
    assertThat(SEEN.add(faults)).isTrue();
    assertThat(
            occ.update(ITEMS)
                .set("name", "after")
                .whereId(id)
                .expectVersion(report.finalVersion())
                .execute()
                .version())
        .isEqualTo(report.finalVersion() + 1);
  }
}
