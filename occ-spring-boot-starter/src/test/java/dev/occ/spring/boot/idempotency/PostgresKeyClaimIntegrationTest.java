package dev.occ.spring.boot.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.occ.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ScriptUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The claim of a key on PostgreSQL, below the HTTP layer: its lock timeout is its own, and it gives
 * up on a key that an open transaction holds.
 */
class PostgresKeyClaimIntegrationTest {
  private static final TestDatabases.Schema SCHEMA =
      TestDatabases.freshPostgresSchema("idem_claim");
  private static final String FINGERPRINT = "f".repeat(64);

  private static DriverManagerDataSource dataSource;
  private static IdempotencyKeyStore store;
  private static TransactionTemplate transactions;
  private static JdbcTemplate jdbc;

  @BeforeAll
  static void createTable() throws SQLException {
    try (Connection c = SCHEMA.connect()) {
      ScriptUtils.executeSqlScript(
          c, new ClassPathResource("dev/occ/spring/boot/idempotency/schema-postgresql.sql"));
    }
    dataSource = new DriverManagerDataSource(SCHEMA.url(), SCHEMA.user(), SCHEMA.password());
    DataSourceTransactionManager manager = new DataSourceTransactionManager(dataSource);
    store =
        IdempotencyKeyStore.create(
            dataSource,
            manager,
            new IdempotencySettings(
                IdempotencySettings.DEFAULT_TABLE,
                Duration.ofHours(1),
                Duration.ofMillis(300),
                Duration.ZERO,
                10));
    transactions = new TransactionTemplate(manager);
    jdbc = new JdbcTemplate(dataSource);
  }

  @AfterAll
  static void dropSchema() {
    SCHEMA.close();
  }

  @Test
  void theClaimLeavesTheTransactionsOwnLockTimeoutInForce() {
    String after =
        transactions.execute(
            status -> {
              jdbc.execute("SET LOCAL lock_timeout = '7s'");
              assertThat(store.claim("alice", "timeout-kept", FINGERPRINT)).isEmpty();
              return jdbc.queryForObject("SHOW lock_timeout", String.class);
            });

    assertThat(after).isEqualTo("7s");
  }

  @Test
  void aKeyThatAnOpenTransactionHoldsIsInUseAndFreeOnceItRollsBack() throws SQLException {
    try (Connection other = SCHEMA.connect()) {
      other.setAutoCommit(false);
      try (PreparedStatement insert =
          other.prepareStatement(
              "INSERT INTO occ_idempotency_keys"
                  + " (caller, idempotency_key, fingerprint, created_at, expires_at)"
                  + " VALUES ('alice', 'held', ?, 0, ?)")) {
        insert.setString(1, FINGERPRINT);
        insert.setLong(2, Long.MAX_VALUE);
        insert.executeUpdate();
      }

      assertThatThrownBy(
              () -> transactions.execute(status -> store.claim("alice", "held", FINGERPRINT)))
          .isInstanceOfSatisfying(
              IdempotencyKeyInUseException.class,
              e -> {
                assertThat(e.key()).isEqualTo("held");
                assertThat(e.getCause()).isNull();
              });

      other.rollback();
    }
    Optional<StoredResponse> claimed =
        transactions.execute(status -> store.claim("alice", "held", FINGERPRINT));
    assertThat(claimed).isEmpty();
  }

  @Test
  void aClaimOutsideATransactionIsRefused() {
    assertThatThrownBy(() -> store.claim("alice", "no-transaction", FINGERPRINT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("transaction");
  }
}
