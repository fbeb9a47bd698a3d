package dev.occ.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fault proxy against the real PostgreSQL server: it forwards, cuts, refuses and drops. */
class PostgresProxyIntegrationTest {
  private static TestDatabases.Schema schema;
  private PostgresProxy proxy;

  @BeforeAll
  static void createTable() throws SQLException {
    schema = TestDatabases.freshPostgresSchema("proxy");
    try (Connection c = schema.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE notes (id INT PRIMARY KEY, body TEXT NOT NULL)");
    }
  }

  @AfterAll
  static void dropSchema() {
    schema.close();
  }

  @BeforeEach
  void startProxy() throws Exception {
    proxy = PostgresProxy.inFrontOf(schema.url());
    try (Connection c = schema.connect();
        Statement s = c.createStatement()) {
      s.execute("TRUNCATE notes");
    }
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  @Test
  void forwardsLargeResultsAndPreparedStatementsUnchanged() throws SQLException {
    String sql =
        "SELECT g, repeat(md5(g::text), 20) FROM generate_series(1, 5000) g WHERE g % ? = 0 ORDER BY g";
    try (Connection proxied = proxied("");
        Connection direct = schema.connect()) {
      // More executions than pgjdbc's prepareThreshold (5): the later ones use a named statement.
      for (int divisor = 1; divisor <= 8; divisor++) {
        assertThat(rows(proxied, sql, divisor)).isEqualTo(rows(direct, sql, divisor));
      }
    }
    assertThat(proxy.connectionsForwarded()).isEqualTo(1);
  }

  @Test
  void cutAllResetsOpenConnectionsAndTheirTransactionsRollBack() throws SQLException {
    try (Connection c = proxied("")) {
      c.setAutoCommit(false);
      insert(c, 1);

      assertThat(proxy.cutAll()).isEqualTo(1);

      assertThatThrownBy(() -> insert(c, 2))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("08"));
    }
    assertThat(proxy.openConnections()).isZero();
    assertThat(count(1)).as("the cut transaction was rolled back").isZero();
    try (Connection c = proxied("")) {
      insert(c, 3);
    }
    assertThat(count(3)).isEqualTo(1);
  }

  @Test
  void refusedConnectionsFailUntilConnectionsAreAcceptedAgain() throws SQLException {
    proxy.refuseNewConnections(Duration.ofMinutes(1));

    assertThatThrownBy(() -> proxied("").close())
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("08"));
    assertThat(proxy.connectionsTurnedAway()).isPositive();

    proxy.acceptNewConnections();
    try (Connection c = proxied("")) {
      insert(c, 1);
    }
    assertThat(count(1)).isEqualTo(1);
  }

  @Test
  void aRefuseWindowEndsByItself() throws Exception {
    proxy.refuseNewConnections(Duration.ofMillis(200));
    assertThatThrownBy(() -> proxied("").close()).isInstanceOf(SQLException.class);

    // Only a hang would hit this bound: the window is a fraction of it.
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Connection c = null;
    while (c == null && System.nanoTime() < deadline) {
      try {
        c = proxied("");
      } catch (SQLException stillRefused) {
        Thread.sleep(50);
      }
    }
    assertThat(c).as("a connection once the window has ended").isNotNull();
    c.close();
  }

  @Test
  void blackholedConnectionsGetNoAnswer() throws SQLException {
    proxy.blackholeNewConnections(Duration.ofMinutes(1));

    assertThatThrownBy(() -> proxied("&loginTimeout=1&connectTimeout=1&socketTimeout=1").close())
        .isInstanceOf(SQLException.class);
    assertThat(proxy.connectionsTurnedAway()).isPositive();
    assertThat(proxy.connectionsForwarded()).isZero();

    proxy.acceptNewConnections();
    try (Connection c = proxied("")) {
      insert(c, 1);
    }
    assertThat(count(1)).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"extended", "simple"})
  void aDroppedCommitIsCommittedWhileTheClientSeesAConnectionFailure(String mode)
      throws SQLException {
    try (Connection c = proxied("&preferQueryMode=" + mode)) {
      c.setAutoCommit(false);
      insert(c, 1);
      proxy.dropNextCommits(1);

      assertThatThrownBy(c::commit)
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("08"));
    }
    assertThat(proxy.commitsDropped()).isEqualTo(1);
    assertThat(proxy.commitDropsPending()).isZero();
    assertThat(count(1)).as("the server committed what the client could not learn").isEqualTo(1);
  }

  @Test
  void aCommitIsRecognisedAfterTheDriverPreparedItOnTheServer() throws SQLException {
    try (Connection c = proxied("")) {
      c.setAutoCommit(false);
      // pgjdbc turns its COMMIT into a named server-side statement after prepareThreshold (5)
      // uses; from then on only a Bind names it.
      for (int id = 1; id <= 10; id++) {
        insert(c, id);
        c.commit();
      }
      proxy.dropNextCommits(1);
      // Neither a rollback nor a statement in auto-commit mode is a COMMIT.
      insert(c, 11);
      c.rollback();
      c.setAutoCommit(true);
      insert(c, 12);
      c.setAutoCommit(false);
      assertThat(proxy.commitDropsPending()).isEqualTo(1);

      insert(c, 13);
      assertThatThrownBy(c::commit).isInstanceOf(SQLException.class);
    }
    assertThat(proxy.commitsDropped()).isEqualTo(1);
    assertThat(count(11)).isZero();
    assertThat(count(12)).isEqualTo(1);
    assertThat(count(13)).isEqualTo(1);
  }

  @Test
  void onlyTheArmedNumberOfCommitsIsDropped() throws SQLException {
    proxy.dropNextCommits(2);
    int failed = 0;
    for (int id = 1; id <= 4; id++) {
      try (Connection c = proxied("")) {
        c.setAutoCommit(false);
        insert(c, id);
        c.commit();
      } catch (SQLException e) {
        failed++;
      }
    }
    assertThat(failed).isEqualTo(2);
    assertThat(proxy.commitsDropped()).isEqualTo(2);
    for (int id = 1; id <= 4; id++) {
      assertThat(count(id)).as("note %s committed", id).isEqualTo(1);
    }
  }

  private Connection proxied(String options) throws SQLException {
    return DriverManager.getConnection(
        proxy.url(schema.url()) + options, schema.user(), schema.password());
  }

  private static void insert(Connection c, int id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO notes (id, body) VALUES (?, ?)")) {
      ps.setInt(1, id);
      ps.setString(2, "note " + id);
      ps.executeUpdate();
    }
  }

  private static int count(int id) throws SQLException {
    try (Connection c = schema.connect();
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM notes WHERE id = ?")) {
      ps.setInt(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static String rows(Connection c, String sql, int divisor) throws SQLException {
    StringBuilder all = new StringBuilder();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, divisor);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          all.append(rs.getInt(1)).append(':').append(rs.getString(2)).append('\n');
        }
      }
    }
    return all.toString();
  }
}
