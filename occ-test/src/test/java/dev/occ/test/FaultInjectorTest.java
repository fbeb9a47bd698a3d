package dev.occ.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The injector on a real (in-memory H2) database: what fails, when, and what it leaves behind. */
class FaultInjectorTest {
  private H2Items db;
  private FaultInjector faults;
  private DataSource dataSource;

  @BeforeEach
  void setUp() {
    db = H2Items.create();
    faults = FaultInjector.create();
    dataSource = faults.wrap(db.dataSource());
  }

  private static int rename(Connection c, long id, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE items SET name = ? WHERE id = ?")) {
      ps.setString(1, name);
      ps.setLong(2, id);
      return ps.executeUpdate();
    }
  }

  private static String sqlState(Throwable thrown) {
    assertThat(thrown).isInstanceOf(SQLException.class);
    return ((SQLException) thrown).getSQLState();
  }

  @Test
  void theFirstMatchingExecutionsFailBeforeReachingTheDatabaseAndLaterOnesRun()
      throws SQLException {
    long id = db.newRow(1);
    InjectedFault fault =
        faults.failStatements("(?i)^update items").times(2).withSqlState("40001", 7);

    try (Connection c = dataSource.getConnection()) {
      for (int i = 0; i < 2; i++) {
        Throwable thrown = catchThrowable(() -> rename(c, id, "lost"));
        assertThat(thrown)
            .isInstanceOfSatisfying(
                SQLTransactionRollbackException.class,
                e -> {
                  assertThat(e.getSQLState()).isEqualTo("40001");
                  assertThat(e.getErrorCode()).isEqualTo(7);
                });
        assertThat(db.name(id)).isEqualTo("initial");
      }
      try (Statement s = c.createStatement()) {
        s.executeQuery("SELECT name FROM items").close(); // does not match: never counted
      }
      assertThat(rename(c, id, "third")).isEqualTo(1);
    }

    assertThat(db.name(id)).isEqualTo("third");
    assertThat(fault.injected()).isEqualTo(2);
    assertThat(fault.matched()).isEqualTo(3);
    assertThat(fault.remaining()).isZero();
    assertThat(fault.isDone()).isTrue();
    assertThat(faults.statementFailures()).isEqualTo(2);
    assertThat(faults.injected()).isEqualTo(2);
  }

  @Test
  void byDefaultTheTransactionStaysOpenWithWhatEarlierStatementsDid() throws SQLException {
    long first = db.newRow(1);
    long second = db.newRow(1);
    faults.failStatements("WHERE id = \\?").times(1).withSqlState("HY000", 1205);

    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.executeUpdate("UPDATE items SET name = 'kept' WHERE id = " + first);
      assertThatThrownBy(() -> rename(c, second, "refused")).isInstanceOf(SQLException.class);
      c.commit();
    }

    assertThat(db.name(first)).isEqualTo("kept");
    assertThat(db.name(second)).isEqualTo("initial");
  }

  @Test
  void rollingBackTransactionUndoesEarlierStatementsAsADeadlockVictimsDo() throws SQLException {
    long first = db.newRow(1);
    long second = db.newRow(1);
    faults
        .failStatements("WHERE id = \\?")
        .rollingBackTransaction()
        .with(SqlFailure.mysqlDeadlock());

    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.executeUpdate("UPDATE items SET name = 'undone' WHERE id = " + first);
      Throwable thrown = catchThrowable(() -> rename(c, second, "refused"));
      assertThat(thrown)
          .isInstanceOfSatisfying(
              SQLTransactionRollbackException.class,
              e -> assertThat(e.getErrorCode()).isEqualTo(1213));
      c.commit();
    }

    assertThat(db.name(first)).isEqualTo("initial");
    assertThat(db.name(second)).isEqualTo("initial");
  }

  @Test
  void aBatchFailsWithABatchUpdateExceptionCarryingTheStateAndStartsEmptyAfterwards()
      throws SQLException {
    long id = db.newRow(1);
    faults.failStatements("SET name = 'b'").times(1).withSqlState("40P01");

    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.addBatch("UPDATE items SET name = 'a' WHERE id = " + id);
      s.addBatch("UPDATE items SET name = 'b' WHERE id = " + id);
      Throwable thrown = catchThrowable(s::executeBatch);
      assertThat(thrown)
          .isInstanceOfSatisfying(
              BatchUpdateException.class,
              e -> {
                assertThat(e.getSQLState()).isEqualTo("40P01");
                assertThat((Throwable) e.getNextException())
                    .isInstanceOf(SQLTransactionRollbackException.class);
              });
      assertThat(db.name(id)).isEqualTo("initial");

      s.addBatch("UPDATE items SET name = 'c' WHERE id = " + id);
      assertThat(s.executeBatch()).containsExactly(1);
    }
    assertThat(db.name(id)).isEqualTo("c");
  }

  @Test
  void aPreparedBatchMatchesOnItsSql() throws SQLException {
    long id = db.newRow(1);
    InjectedFault fault = faults.failStatements("(?i)^update").times(1).withSqlState("40001");

    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE items SET name = ? WHERE id = ?")) {
      ps.setString(1, "x");
      ps.setLong(2, id);
      ps.addBatch();
      assertThatThrownBy(ps::executeBatch).isInstanceOf(BatchUpdateException.class);
      ps.setString(1, "y");
      ps.setLong(2, id);
      ps.addBatch();
      assertThat(ps.executeBatch()).containsExactly(1);
    }
    assertThat(db.name(id)).isEqualTo("y");
    assertThat(fault.matched()).isEqualTo(2);
  }

  @Test
  void droppingBeforeCommitClosesTheConnectionAndRollsBack() throws SQLException {
    long id = db.newRow(1);
    InjectedFault drop = faults.dropConnectionBeforeCommit().arm();

    Connection c = dataSource.getConnection();
    c.setAutoCommit(false);
    rename(c, id, "never committed");
    Throwable thrown = catchThrowable(c::commit);

    assertThat(thrown)
        .isInstanceOfSatisfying(
            SQLNonTransientConnectionException.class,
            e -> assertThat(e.getSQLState()).isEqualTo("08006"));
    assertThat(c.isClosed()).isTrue();
    assertThat(db.name(id)).isEqualTo("initial");
    assertThat(drop.injected()).isEqualTo(1);
    assertThat(faults.connectionsDroppedBeforeCommit()).isEqualTo(1);
    assertThat(faults.connectionsDroppedAfterCommit()).isZero();
  }

  @Test
  void droppingAfterCommitKeepsTheWriteButLosesTheAnswer() throws SQLException {
    long id = db.newRow(1);
    faults.dropConnectionAfterCommit().arm();

    Connection c = dataSource.getConnection();
    c.setAutoCommit(false);
    rename(c, id, "committed");
    Throwable thrown = catchThrowable(c::commit);

    assertThat(thrown)
        .isInstanceOfSatisfying(
            SQLNonTransientConnectionException.class,
            e -> assertThat(e.getSQLState()).isEqualTo("08006"));
    assertThat(c.isClosed()).isTrue();
    assertThat(db.name(id)).isEqualTo("committed");
    assertThat(faults.connectionsDroppedAfterCommit()).isEqualTo(1);
  }

  @Test
  void aCommitFaultWithAPatternWaitsForATransactionThatRanAMatchingStatement() throws SQLException {
    long id = db.newRow(1);
    InjectedFault drop =
        faults.dropConnectionBeforeCommit().whenTransactionRan("(?i)^update").arm();

    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.executeQuery("SELECT version FROM items").close();
      }
      c.commit(); // a read-only transaction: left alone
      rename(c, id, "rolled back");
      c.rollback(); // a rollback forgets what the transaction ran
      try (Statement s = c.createStatement()) {
        s.executeQuery("SELECT version FROM items").close();
      }
      c.commit();
      assertThat(drop.injected()).isZero();

      rename(c, id, "dropped");
      assertThatThrownBy(c::commit).isInstanceOf(SQLNonTransientConnectionException.class);
    }
    assertThat(drop.injected()).isEqualTo(1);
    assertThat(drop.matched()).isEqualTo(1);
    assertThat(db.name(id)).isEqualTo("initial");
  }

  @Test
  void inAutoCommitModeEachStatementIsItsOwnCommit() throws SQLException {
    long id = db.newRow(1);
    faults.dropConnectionBeforeCommit().whenTransactionRan("SET name = 'before'").arm();
    faults.dropConnectionAfterCommit().whenTransactionRan("SET name = 'after'").arm();

    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE items SET name = 'before' WHERE id = " + id))
          .isInstanceOf(SQLNonTransientConnectionException.class);
    }
    assertThat(db.name(id)).isEqualTo("initial");
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE items SET name = 'after' WHERE id = " + id))
          .isInstanceOf(SQLNonTransientConnectionException.class);
      assertThat(c.isClosed()).isTrue();
    }
    assertThat(db.name(id)).isEqualTo("after");
    assertThat(faults.connectionsDroppedBeforeCommit()).isEqualTo(1);
    assertThat(faults.connectionsDroppedAfterCommit()).isEqualTo(1);
  }

  @Test
  void codeThatReachesTheConnectionThroughAStatementOrUnwrapStaysBehindTheInjector()
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      assertThat(s.getConnection()).isSameAs(c);
      assertThat(c.unwrap(Connection.class)).isSameAs(c);
      assertThat(dataSource.unwrap(DataSource.class)).isSameAs(dataSource);
      assertThat(dataSource.isWrapperFor(org.h2.jdbcx.JdbcDataSource.class)).isTrue();
    }
  }

  @Test
  void anUnlimitedFaultFiresUntilDisarmed() throws SQLException {
    long id = db.newRow(1);
    InjectedFault fault = faults.failStatements("^UPDATE").always().withSqlState("40001");

    try (Connection c = dataSource.getConnection()) {
      for (int i = 0; i < 5; i++) {
        assertThatThrownBy(() -> rename(c, id, "x"))
            .isInstanceOf(SQLTransactionRollbackException.class);
      }
      fault.disarm();
      assertThat(rename(c, id, "y")).isEqualTo(1);
    }
    assertThat(fault.injected()).isEqualTo(5);
    assertThat(fault.matched()).isEqualTo(5);
    assertThat(fault.isUnlimited()).isTrue();
  }

  @Test
  void whenTwoFaultsMatchTheFirstWithBudgetFiresAndBothCount() throws SQLException {
    long id = db.newRow(1);
    InjectedFault first = faults.failStatements("^UPDATE").times(1).withSqlState("40001");
    InjectedFault second = faults.failStatements("items").times(1).withSqlState("40P01");

    try (Connection c = dataSource.getConnection()) {
      assertThat(sqlState(catchThrowable(() -> rename(c, id, "a")))).isEqualTo("40001");
      assertThat(sqlState(catchThrowable(() -> rename(c, id, "b")))).isEqualTo("40P01");
      assertThat(rename(c, id, "c")).isEqualTo(1);
    }
    assertThat(first.matched()).isEqualTo(3);
    assertThat(second.matched()).isEqualTo(3);
    assertThat(faults.injected()).isEqualTo(2);
  }

  @Test
  void verifyAllInjectedNamesTheFaultsThatDidNotFire() throws SQLException {
    long id = db.newRow(1);
    InjectedFault typo = faults.failStatements("UPDTAE items").withSqlState("40001");
    InjectedFault used = faults.failStatements("^UPDATE items").times(1).withSqlState("40001");
    InjectedFault always = faults.dropConnectionAfterCommit().always().arm();
    try (Connection c = dataSource.getConnection()) {
      assertThatThrownBy(() -> rename(c, id, "x")).isInstanceOf(SQLException.class);
    }

    assertThatThrownBy(faults::verifyAllInjected)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("UPDTAE items")
        .hasMessageContaining("drop the connection after COMMIT")
        .hasMessageNotContaining("/^UPDATE items/");
    assertThat(used.isDone()).isTrue();
    typo.disarm();
    always.disarm();
    faults.verifyAllInjected();
  }

  @Test
  void malformedSqlStatesAndBudgetsAreRefused() {
    assertThatThrownBy(() -> faults.failStatements("x").withSqlState("4001"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> faults.failStatements("x").times(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> faults.dropConnectionBeforeCommit().times(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(faults.faults()).isEmpty();
  }

  @Test
  void anUnboundInjectorSaysHowToBindIt() {
    assertThatThrownBy(faults::dataSource)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("@FaultTarget");
    FaultInjector bound = FaultInjector.forDataSource(db.dataSource());
    assertThat(bound.dataSource()).isSameAs(bound.dataSource());
  }
}
