package dev.occ.spring.boot.idempotency;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.function.SingletonSupplier;

/**
 * The table of idempotency keys: claims a key in the current transaction, stores the answer of the
 * request that claimed it, finds the answer of a repeated request, and deletes expired keys. The
 * database (PostgreSQL, MariaDB or H2) is recognised on first use.
 */
public final class IdempotencyKeyStore {
  private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyStore.class);

  /** Claim attempts when the key changes hands meanwhile (taken over, cleaned up) before a 409. */
  private static final int CLAIM_ROUNDS = 3;

  private final DataSource dataSource;
  private final NamedParameterJdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final TransactionTemplate cleanupTransactions;
  private final IdempotencySettings settings;
  private final Clock clock;
  private final Supplier<IdempotencySql> sql;

  private IdempotencyKeyStore(
      DataSource dataSource,
      PlatformTransactionManager transactionManager,
      IdempotencySettings settings,
      Clock clock) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
    this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    this.transactions = new TransactionTemplate(requireNonNull(transactionManager));
    this.cleanupTransactions = new TransactionTemplate(transactionManager);
    // Deleting by a range of the expiry index under REPEATABLE READ (MariaDB's default) would also
    // lock the gaps new keys are inserted into.
    cleanupTransactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
    this.settings = requireNonNull(settings, "settings");
    this.clock = requireNonNull(clock, "clock");
    this.sql = SingletonSupplier.of(this::detect);
  }

  /**
   * Creates the store on the application's DataSource and the transaction manager that manages it.
   *
   * @param dataSource the DataSource that holds the key table and the application's own tables
   * @param transactionManager the transaction manager of that DataSource
   * @param settings the table, lifetime and timeouts
   */
  public static IdempotencyKeyStore create(
      DataSource dataSource,
      PlatformTransactionManager transactionManager,
      IdempotencySettings settings) {
    return new IdempotencyKeyStore(dataSource, transactionManager, settings, Clock.systemUTC());
  }

  /** Creates the store with the clock that dates keys, for tests. */
  static IdempotencyKeyStore create(
      DataSource dataSource,
      PlatformTransactionManager transactionManager,
      IdempotencySettings settings,
      Clock clock) {
    return new IdempotencyKeyStore(dataSource, transactionManager, settings, clock);
  }

  /** Returns the settings the store works with. */
  public IdempotencySettings settings() {
    return settings;
  }

  /**
   * Deletes the keys that have expired, in batches of {@code cleanupBatchSize} rows, each batch in
   * a transaction of its own; stops at the first batch that finds fewer rows.
   *
   * @return how many keys were deleted
   */
  public int deleteExpired() {
    String statement = sql.get().deleteExpired(settings.cleanupBatchSize());
    MapSqlParameterSource now = new MapSqlParameterSource("now", clock.millis());
    int total = 0;
    while (true) {
      Integer deleted = cleanupTransactions.execute(status -> jdbc.update(statement, now));
      int batch = deleted == null ? 0 : deleted;
      total += batch;
      if (batch < settings.cleanupBatchSize()) {
        return total;
      }
    }
  }

  /** Runs the work in a transaction of the DataSource's manager, or in the one already open. */
  <T> T inTransaction(Supplier<T> work) {
    return requireNonNull(transactions.execute(status -> work.get()));
  }

  /**
   * Claims the caller's key for a request with the fingerprint, in the current transaction, and
   * returns nothing; or returns the stored answer of an earlier request with the same key and
   * fingerprint. An expired key counts as unused.
   *
   * @throws IdempotencyKeyReusedException if an earlier request with the key had another
   *     fingerprint
   * @throws IdempotencyKeyInUseException if a request with the key is still in flight after the
   *     lock timeout
   * @throws IllegalStateException if no transaction of this store's DataSource is active
   */
  Optional<StoredResponse> claim(String caller, String key, String fingerprint) {
    requireTransaction();
    IdempotencySql statements = sql.get();
    long now = clock.millis();
    MapSqlParameterSource params =
        new MapSqlParameterSource()
            .addValue("caller", caller)
            .addValue("key", key)
            .addValue("fingerprint", fingerprint)
            .addValue("now", now)
            .addValue("expiresAt", saturatedAdd(now, settings.ttl().toMillis()));
    for (int round = 0; round < CLAIM_ROUNDS; round++) {
      if (waiting(key, () -> statements.insertIfAbsent(jdbc, params))) {
        return Optional.empty();
      }
      List<KeyRow> rows =
          jdbc.query(
              statements.find(),
              params,
              (rs, n) ->
                  new KeyRow(
                      rs.getString(1),
                      rs.getLong(2),
                      rs.getObject(3, Integer.class),
                      rs.getString(4),
                      rs.getBytes(5)));
      if (rows.isEmpty()) {
        continue; // cleaned up since the insert saw it: claim it again
      }
      KeyRow row = rows.get(0);
      if (row.expiresAt() <= now) {
        if (waiting(key, () -> statements.takeOverExpired(jdbc, params))) {
          return Optional.empty();
        }
        continue; // another request took it over first: look again
      }
      if (!row.fingerprint().equals(fingerprint)) {
        throw new IdempotencyKeyReusedException(key);
      }
      Integer status = row.status();
      if (status == null) {
        // A row commits with its answer; one without can only be another transaction's.
        throw new IdempotencyKeyInUseException(key);
      }
      return Optional.of(
          new StoredResponse(status, StoredResponse.decodeHeaders(row.headers()), row.body()));
    }
    throw new IdempotencyKeyInUseException(key);
  }

  /**
   * Stores the answer in the row the current transaction claimed for the key.
   *
   * @throws IllegalStateException if the transaction holds no claim on the key
   */
  void complete(String caller, String key, StoredResponse response) {
    MapSqlParameterSource params =
        new MapSqlParameterSource()
            .addValue("caller", caller)
            .addValue("key", key)
            .addValue("status", response.status())
            .addValue("headers", response.encodeHeaders())
            .addValue("body", new SqlParameterValue(Types.VARBINARY, response.body()));
    if (jdbc.update(sql.get().complete(), params) != 1) {
      throw new IllegalStateException(
          "The idempotency key's row is gone before its answer was stored");
    }
  }

  private boolean waiting(String key, Supplier<Boolean> claim) {
    try {
      return claim.get();
    } catch (DataAccessException e) {
      SQLException cause = IdempotencySql.sqlException(e);
      if (cause != null && sql.get().isLockTimeout(cause)) {
        // Not chained: occ's retry boundary would take the lock timeout for a transient error.
        log.debug("Idempotency key in use: {}", cause.getMessage());
        throw new IdempotencyKeyInUseException(key);
      }
      throw e;
    }
  }

  private void requireTransaction() {
    if (!TransactionSynchronizationManager.isActualTransactionActive()
        || !TransactionSynchronizationManager.hasResource(dataSource)) {
      throw new IllegalStateException(
          "An idempotency key must be claimed in a transaction on the DataSource that holds it;"
              + " the transaction manager in use does not manage that DataSource");
    }
  }

  private IdempotencySql detect() {
    Connection c = DataSourceUtils.getConnection(dataSource);
    try {
      String product = c.getMetaData().getDatabaseProductName();
      IdempotencySql statements = IdempotencySql.forProduct(product, settings);
      log.info(
          "occ idempotency keys: {} statements on table {}, kept {}",
          statements.database(),
          settings.table(),
          settings.ttl());
      return statements;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not tell which database holds idempotency keys", e);
    } finally {
      DataSourceUtils.releaseConnection(c, dataSource);
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  /** A key's row as {@link IdempotencySql#find} reads it. */
  private record KeyRow(
      String fingerprint,
      long expiresAt,
      @Nullable Integer status,
      @Nullable String headers,
      byte @Nullable [] body) {}
}
