package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.Occ;
import dev.occ.example.shop.appointments.Status;
import dev.occ.example.shop.security.UserAccounts;
import dev.occ.example.shop.support.Api;
import dev.occ.example.shop.support.Appointments;
import dev.occ.example.shop.support.TcpProxy;
import dev.occ.example.shop.support.Users;
import dev.occ.testing.PgSessions;
import dev.occ.testing.TestDatabases;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A move whose connection to PostgreSQL breaks, provoked for real: the move waits on a lock that
 * the test holds, and the test then ends its session ({@code pg_terminate_backend}) or cuts its
 * connection in a proxy. The answer is a 503 with Retry-After and the contract's code, never a 500;
 * and the next move succeeds. The app's retries are off ({@code occ.retry.max-attempts=1}), so each
 * answer is the one for that very failure.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"shop.demo-data=false", "occ.retry.max-attempts=1"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ConnectionLossIntegrationTest {
  /** The advisory lock that a card's deferred trigger waits for at COMMIT. */
  private static final int COMMIT_LOCK = 4242;

  private static TestDatabases.Schema schema;
  private static TcpProxy proxy;

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  @Autowired Occ occ;
  @Autowired UserAccounts accounts;

  private Api api;
  private Appointments rows;

  /** The test's own connections, straight to the server, past the proxy and the app's pool. */
  private Jdbi direct;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    schema = TestDatabases.freshPostgresSchema("connloss");
    proxy = TcpProxy.inFrontOf(schema.url());
    PostgresProperties.addThrough(registry, schema, proxy);
  }

  @AfterAll
  static void dropSchema() {
    if (proxy != null) {
      proxy.close();
    }
    if (schema != null) {
      schema.close();
    }
  }

  @BeforeEach
  void clients() {
    Users.signUp(accounts);
    api = Api.as(port, Users.NORTH_ADVISOR);
    rows = new Appointments(PostgresProperties.owner(schema));
    direct = Jdbi.create(schema.url(), schema.user(), schema.password());
  }

  @Test
  void moveWhoseSessionIsTerminatedWhileItWaitsIs503DatabaseUnavailable() throws Exception {
    long id = rows.create(Status.SCHEDULED, Instant.now());

    Api.Reply reply = moveWhileLocked(id, mover -> terminate(mover.pid()));

    assertUnavailable(reply, "DATABASE_UNAVAILABLE");
    assertUnchanged(id);
    assertThat(api.move(id, "READY", 1).status()).isEqualTo(200);
    assertThat(new Api(managementPort).get("/actuator/prometheus").body())
        .contains("shop_moves_seconds_count{outcome=\"database_unavailable\"}");
  }

  @Test
  void moveWhoseConnectionIsCutWhileItWaitsIs503DatabaseUnavailable() throws Exception {
    long id = rows.create(Status.SCHEDULED, Instant.now());

    Api.Reply reply = moveWhileLocked(id, mover -> proxy.cut(mover.clientPort()));

    assertUnavailable(reply, "DATABASE_UNAVAILABLE");
    assertUnchanged(id);
    assertThat(api.move(id, "READY", 1).status()).isEqualTo(200);
  }

  @Test
  void moveWhoseSessionIsTerminatedDuringCommitIsProvenRolledBackAnd503DatabaseUnavailable()
      throws Exception {
    long id = rows.create(Status.SCHEDULED, Instant.now());
    waitAtCommit(id);
    Api.Reply reply;
    try (Handle holder = direct.open()) {
      holder
          .createQuery("SELECT pg_advisory_lock(:key)")
          .bind("key", COMMIT_LOCK)
          .mapTo(String.class)
          .one();
      CompletableFuture<Api.Reply> move =
          CompletableFuture.supplyAsync(() -> api.move(id, "READY", 1));
      Session mover = blockedBy(PgSessions.pid(holder));
      assertThat(mover.query()).isEqualToIgnoringCase("COMMIT");
      terminate(mover.pid());
      reply = move.get(30, TimeUnit.SECONDS);
      holder
          .createQuery("SELECT pg_advisory_unlock(:key)")
          .bind("key", COMMIT_LOCK)
          .mapTo(String.class)
          .one();
    }

    // COMMIT's answer was lost, so occ asked the server what became of the transaction
    // (txid_status): it was rolled back with the session. That is a plain connection loss, which
    // a retry would repair (retries are off here), not an unknown outcome.
    assertUnavailable(reply, "DATABASE_UNAVAILABLE");
    assertUnchanged(id);
    assertThat(api.move(id, "READY", 1).status()).isEqualTo(200);
    assertThat(new Api(managementPort).get("/actuator/prometheus").body())
        .contains("shop_moves_seconds_count{outcome=\"database_unavailable\"}");
  }

  /** A session of the app's pool, as PostgreSQL sees it. */
  record Session(int pid, int clientPort, String query) {}

  interface Fault {
    void strike(Session mover) throws Exception;
  }

  /**
   * Moves the card while the test holds its row lock, and strikes the move's session as it waits.
   */
  private Api.Reply moveWhileLocked(long id, Fault fault) throws Exception {
    try (Handle holder = direct.open()) {
      holder.begin();
      holder
          .createQuery("SELECT id FROM appointments WHERE id = :id FOR UPDATE")
          .bind("id", id)
          .mapTo(Long.class)
          .one();
      CompletableFuture<Api.Reply> move =
          CompletableFuture.supplyAsync(() -> api.move(id, "READY", 1));
      fault.strike(blockedBy(PgSessions.pid(holder)));
      Api.Reply reply = move.get(30, TimeUnit.SECONDS);
      holder.rollback();
      return reply;
    }
  }

  /** Waits for the one session that waits on a lock of {@code holderPid}, and returns it. */
  private Session blockedBy(int holderPid) throws InterruptedException {
    PgSessions.awaitBlockedBy(direct, holderPid, 1);
    return direct.withHandle(
        h ->
            h.createQuery(
                    "SELECT pid, client_port, query FROM pg_stat_activity"
                        + " WHERE :holder = ANY(pg_blocking_pids(pid))")
                .bind("holder", holderPid)
                .map((rs, ctx) -> new Session(rs.getInt(1), rs.getInt(2), rs.getString(3)))
                .one());
  }

  private void terminate(int pid) {
    boolean done =
        direct.withHandle(
            h ->
                h.createQuery("SELECT pg_terminate_backend(:pid)")
                    .bind("pid", pid)
                    .mapTo(Boolean.class)
                    .one());
    assertThat(done).as("session %d terminated", pid).isTrue();
  }

  /**
   * Makes a move of this card wait at COMMIT, after its statements ran and before the commit is
   * done: a deferred trigger takes the advisory lock that the test holds.
   */
  private void waitAtCommit(long id) {
    direct.useHandle(
        h -> {
          h.execute(
              "CREATE OR REPLACE FUNCTION wait_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$"
                  + " BEGIN PERFORM pg_advisory_xact_lock_shared("
                  + COMMIT_LOCK
                  + "); RETURN NULL; END $$");
          h.execute(
              "CREATE CONSTRAINT TRIGGER wait_at_commit_"
                  + id
                  + " AFTER UPDATE ON appointments"
                  + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.id = "
                  + id
                  + ")"
                  + " EXECUTE FUNCTION wait_at_commit()");
        });
  }

  private static void assertUnavailable(Api.Reply reply, String code) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(503);
    assertThat(reply.header("Retry-After")).isEqualTo("1");
    assertThat(reply.json().get("ok").booleanValue()).isFalse();
    assertThat(reply.error().get("code").stringValue()).isEqualTo(code);
    AppointmentApiContract.assertNoInternals(reply);
  }

  private void assertUnchanged(long id) {
    assertThat(rows.version(id)).as("version").isEqualTo(1);
    assertThat(rows.status(id)).as("status").isEqualTo("SCHEDULED");
    assertThat(rows.moveCount(id)).as("moves").isZero();
  }
}
