package dev.occ;

import static dev.occ.testing.ItemsTable.ITEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariDataSource;
import dev.occ.BatchOutcome.Status;
import dev.occ.testing.ItemsTable;
import dev.occ.testing.Pools;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Whether a write that {@code execute()} acknowledged is really committed, and whether a write made
 * inside the caller's own Jdbi transaction belongs to that transaction — through HikariCP pools
 * configured the way applications configure them. Every check reads through a fresh connection that
 * bypasses the pool, so only committed data counts.
 *
 * <p>A subclass provides the database and creates the {@code items} table once.
 */
abstract class TransactionParticipationContractTest {
  private static final AtomicLong NEXT_ID = new AtomicLong(1);

  private final List<HikariDataSource> pools = new ArrayList<>();

  /** Returns the JDBC URL of the database that holds the {@code items} table. */
  abstract String url();

  abstract String user();

  abstract String password();

  /**
   * Returns SQL that bounds how long a session waits for a row lock, run on each pooled connection.
   */
  abstract String lockTimeoutSql();

  @AfterEach
  void closePools() {
    pools.forEach(HikariDataSource::close);
  }

  /** A Jdbi that opens a new plain connection for each use: it sees committed data only. */
  private Jdbi fresh() {
    return Jdbi.create(url(), user(), password());
  }

  private HikariDataSource pool(boolean autoCommit, @Nullable String initSql) {
    HikariDataSource pool = Pools.hikari(url(), user(), password(), autoCommit, initSql);
    pools.add(pool);
    return pool;
  }

  /** A Jdbi on a pool of auto-commit-off connections that lets handles close with work pending. */
  private Jdbi autoCommitOffLenient() {
    Jdbi jdbi = Jdbi.create(pool(false, null));
    jdbi.getConfig(Handles.class).setForceEndTransactions(false);
    return jdbi;
  }

  /** A Jdbi with default settings on a pool of auto-commit-off connections. */
  private Jdbi autoCommitOffDefaults() {
    return Jdbi.create(pool(false, null));
  }

  private long newRow(long version) {
    long id = NEXT_ID.getAndIncrement();
    ItemsTable.insert(fresh(), id, version);
    return id;
  }

  /** Runs the call, turning any exception into an assertion failure that shows it. */
  private static <T> T returned(String what, Callable<T> call) {
    AtomicReference<T> result = new AtomicReference<>();
    assertThatCode(() -> result.set(call.call())).as(what).doesNotThrowAnyException();
    return result.get();
  }

  // --- Finding 1: a write acknowledged on an auto-commit-off pool must be committed
  // ---------------

  @Test
  void updateOnAnAutoCommitOffPoolIsCommitted() {
    long id = newRow(1);
    Occ occ = Occ.create(autoCommitOffLenient());

    RowVersion v = occ.update(ITEMS).set("name", "changed").whereId(id).expectVersion(1).execute();

    assertThat(v.version()).isEqualTo(2);
    assertThat(ItemsTable.version(fresh(), id))
        .as("version a fresh connection reads after execute() returned 2")
        .hasValue(2);
    assertThat(ItemsTable.name(fresh(), id)).isEqualTo("changed");
  }

  @Test
  void updateOnAnAutoCommitOffPoolWithDefaultJdbiSettingsIsCommitted() {
    long id = newRow(1);
    Occ occ = Occ.create(autoCommitOffDefaults());

    RowVersion v =
        returned(
            "execute() on a pool of auto-commit-off connections, default Jdbi settings",
            () -> occ.update(ITEMS).set("name", "changed").whereId(id).expectVersion(1).execute());

    assertThat(v.version()).isEqualTo(2);
    assertThat(ItemsTable.version(fresh(), id))
        .as("version a fresh connection reads after execute() returned")
        .hasValue(2);
  }

  @Test
  void insertOnAnAutoCommitOffPoolIsCommitted() {
    long id = NEXT_ID.getAndIncrement();
    Occ occ = Occ.create(autoCommitOffLenient());

    RowVersion v = occ.insert(ITEMS).value("id", id).value("name", "inserted").execute();

    assertThat(v.version()).isEqualTo(1);
    assertThat(ItemsTable.version(fresh(), id))
        .as("version a fresh connection reads after insert().execute() returned")
        .hasValue(1);
  }

  @Test
  void insertOnAnAutoCommitOffPoolWithDefaultJdbiSettingsIsCommitted() {
    long id = NEXT_ID.getAndIncrement();
    Occ occ = Occ.create(autoCommitOffDefaults());

    returned(
        "insert().execute() on a pool of auto-commit-off connections, default Jdbi settings",
        () -> occ.insert(ITEMS).value("id", id).value("name", "inserted").execute());

    assertThat(ItemsTable.version(fresh(), id))
        .as("version a fresh connection reads after insert().execute() returned")
        .hasValue(1);
  }

  @Test
  void deleteOnAnAutoCommitOffPoolIsCommitted() {
    long id = newRow(1);
    Occ occ = Occ.create(autoCommitOffLenient());

    occ.delete(ITEMS).whereId(id).expectVersion(1).execute();

    assertThat(ItemsTable.version(fresh(), id))
        .as("the row as a fresh connection sees it after delete().execute() returned")
        .isEmpty();
  }

  @Test
  void deleteOnAnAutoCommitOffPoolWithDefaultJdbiSettingsIsCommitted() {
    long id = newRow(1);
    Occ occ = Occ.create(autoCommitOffDefaults());

    returned(
        "delete().execute() on a pool of auto-commit-off connections, default Jdbi settings",
        () -> {
          occ.delete(ITEMS).whereId(id).expectVersion(1).execute();
          return null;
        });

    assertThat(ItemsTable.version(fresh(), id))
        .as("the row as a fresh connection sees it after delete().execute() returned")
        .isEmpty();
  }

  @Test
  void batchUpdateOnAnAutoCommitOffPoolIsCommitted() {
    long first = newRow(1);
    long second = newRow(5);
    Occ occ = Occ.create(autoCommitOffLenient());

    List<BatchOutcome> outcomes =
        occ.batchUpdate(ITEMS)
            .add(first, 1, Map.of("name", "one"))
            .add(second, 5, Map.of("name", "two"))
            .execute();

    assertThat(outcomes)
        .extracting(BatchOutcome::status)
        .containsExactly(Status.UPDATED, Status.UPDATED);
    assertThat(ItemsTable.version(fresh(), first))
        .as("version a fresh connection reads after batchUpdate().execute() reported UPDATED")
        .hasValue(2);
    assertThat(ItemsTable.version(fresh(), second)).hasValue(6);
  }

  @Test
  void batchUpdateOnAnAutoCommitOffPoolWithDefaultJdbiSettingsIsCommitted() {
    long id = newRow(1);
    Occ occ = Occ.create(autoCommitOffDefaults());

    List<BatchOutcome> outcomes =
        returned(
            "batchUpdate().execute() on a pool of auto-commit-off connections, default Jdbi settings",
            () -> occ.batchUpdate(ITEMS).add(id, 1, Map.of("name", "one")).execute());

    assertThat(outcomes).extracting(BatchOutcome::status).containsExactly(Status.UPDATED);
    assertThat(ItemsTable.version(fresh(), id))
        .as("version a fresh connection reads after batchUpdate().execute() returned")
        .hasValue(2);
  }

  // --- Finding 2: execute() inside the caller's Jdbi transaction belongs to that transaction
  // -------

  /** What the caller's callback throws to roll its transaction back. */
  private static final class CallerGivesUp extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CallerGivesUp() {
      super("the caller rolls back");
    }
  }

  @Test
  void anUpdateInsideJdbiInTransactionRollsBackWithTheCaller() {
    long id = newRow(1);
    Jdbi jdbi = Jdbi.create(pool(true, null));
    Occ occ = Occ.create(jdbi);

    Throwable thrown =
        catchThrowable(
            () ->
                jdbi.inTransaction(
                    h -> {
                      occ.update(ITEMS)
                          .set("name", "inside")
                          .whereId(id)
                          .expectVersion(1)
                          .execute();
                      throw new CallerGivesUp();
                    }));

    assertThat(thrown).isInstanceOf(CallerGivesUp.class);
    assertThat(ItemsTable.version(fresh(), id))
        .as("version after the caller's transaction, which held occ's update, rolled back")
        .hasValue(1);
    assertThat(ItemsTable.name(fresh(), id)).isEqualTo("initial");
  }

  @Test
  void anUpdateInsideJdbiUseTransactionRollsBackWithTheCaller() {
    long id = newRow(1);
    Jdbi jdbi = Jdbi.create(pool(true, null));
    Occ occ = Occ.create(jdbi);

    Throwable thrown =
        catchThrowable(
            () ->
                jdbi.useTransaction(
                    h -> {
                      occ.update(ITEMS)
                          .set("name", "inside")
                          .whereId(id)
                          .expectVersion(1)
                          .execute();
                      throw new CallerGivesUp();
                    }));

    assertThat(thrown).isInstanceOf(CallerGivesUp.class);
    assertThat(ItemsTable.version(fresh(), id))
        .as("version after the caller's transaction, which held occ's update, rolled back")
        .hasValue(1);
  }

  @Test
  void anInsertInsideJdbiInTransactionRollsBackWithTheCaller() {
    long id = NEXT_ID.getAndIncrement();
    Jdbi jdbi = Jdbi.create(pool(true, null));
    Occ occ = Occ.create(jdbi);

    Throwable thrown =
        catchThrowable(
            () ->
                jdbi.inTransaction(
                    h -> {
                      occ.insert(ITEMS).value("id", id).value("name", "inside").execute();
                      throw new CallerGivesUp();
                    }));

    assertThat(thrown).isInstanceOf(CallerGivesUp.class);
    assertThat(ItemsTable.version(fresh(), id))
        .as("the row after the caller's transaction, which held occ's insert, rolled back")
        .isEmpty();
  }

  @Test
  void anUpdateOfARowTheCallerLockedJoinsTheCallersTransaction() {
    long id = newRow(1);
    // The lock timeout only bounds the wait of the current code; the correct code never waits.
    Jdbi jdbi = Jdbi.create(pool(true, lockTimeoutSql()));
    Occ occ = Occ.create(jdbi);
    AtomicReference<RowVersion> written = new AtomicReference<>();

    Throwable thrown =
        catchThrowable(
            () ->
                jdbi.inTransaction(
                    h -> {
                      long read = ItemsTable.lockedVersion(h, id);
                      written.set(
                          occ.update(ITEMS)
                              .set("name", "inside")
                              .whereId(id)
                              .expectVersion(read)
                              .execute());
                      return written.get();
                    }));

    assertThat(thrown)
        .as("the caller's transaction, which locked the row and then updated it through occ")
        .isNull();
    assertThat(written.get().version()).isEqualTo(2);
    assertThat(ItemsTable.version(fresh(), id)).hasValue(2);
    assertThat(ItemsTable.name(fresh(), id)).isEqualTo("inside");
  }

  @Test
  void anUpdateOfARowTheCallerAlreadyWroteJoinsTheCallersTransaction() {
    long id = newRow(1);
    Jdbi jdbi = Jdbi.create(pool(true, lockTimeoutSql()));
    Occ occ = Occ.create(jdbi);
    AtomicReference<RowVersion> written = new AtomicReference<>();

    Throwable thrown =
        catchThrowable(
            () ->
                jdbi.useTransaction(
                    h -> {
                      h.createUpdate("UPDATE items SET counter = counter + 1 WHERE id = ?")
                          .bind(0, id)
                          .execute();
                      written.set(
                          occ.update(ITEMS)
                              .set("name", "inside")
                              .whereId(id)
                              .expectVersion(1)
                              .execute());
                    }));

    assertThat(thrown)
        .as("the caller's transaction, which wrote the row and then updated it through occ")
        .isNull();
    assertThat(written.get().version()).isEqualTo(2);
    assertThat(ItemsTable.version(fresh(), id)).hasValue(2);
    assertThat(ItemsTable.counter(fresh(), id)).isEqualTo(1);
    assertThat(ItemsTable.name(fresh(), id)).isEqualTo("inside");
  }
}
