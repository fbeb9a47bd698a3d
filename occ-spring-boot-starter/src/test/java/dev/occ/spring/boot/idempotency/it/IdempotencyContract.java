package dev.occ.spring.boot.idempotency.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.spring.boot.idempotency.IdempotencyKeyStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * {@code @Idempotent} in a running application, over HTTP, on one database per subclass: the tables
 * come from the DDL the starter ships. Every test uses keys and contents of its own.
 */
@SpringBootTest(
    classes = IdempotencyTestApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "occ.idempotency.lock-timeout=200ms",
      "occ.idempotency.cleanup-batch-size=2",
      "occ.retry.base-delay=0ms",
      "occ.retry.max-delay=0ms"
    })
abstract class IdempotencyContract {
  static final String TABLE = "occ_idempotency_keys";
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @LocalServerPort int port;
  @Autowired Notes notes;
  @Autowired Jdbi jdbi;
  @Autowired IdempotencyKeyStore store;

  private String key;
  private String content;

  /**
   * Creates the key table from the starter's DDL for the database ({@code postgresql}, {@code
   * mariadb}, {@code h2}), then runs the other statements (the notes table and its trigger).
   */
  static void createTables(Connection c, String database, String... statements)
      throws SQLException {
    ScriptUtils.executeSqlScript(
        c, new ClassPathResource("dev/occ/spring/boot/idempotency/schema-" + database + ".sql"));
    try (Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  @BeforeEach
  void freshKeyAndContent() {
    key = UUID.randomUUID().toString();
    content = "note-" + UUID.randomUUID();
  }

  @Test
  void theFirstRequestRunsTheHandlerAndStoresItsAnswerWithTheKey() {
    Reply reply = post("/notes", key, content, null, null);

    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.header("ETag")).matches("\"\\d+\"");
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    assertThat(reply.body()).contains("\"content\":\"" + content + "\"");
    assertThat(notes.runs(content)).isEqualTo(1);
    assertThat(notes.count(content)).isEqualTo(1);
    assertThat(storedStatus("", key)).hasValue(201);
  }

  @Test
  void aRepeatGetsTheSameStatusBodyAndHeadersWithoutRunningTheHandlerAgain() {
    Reply first = post("/notes", key, content, null, null);

    Reply again = post("/notes", key, content, null, null);

    assertThat(again.status()).isEqualTo(first.status()).isEqualTo(201);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.header("ETag")).isEqualTo(first.header("ETag")).isNotNull();
    assertThat(again.header("Location")).isEqualTo(first.header("Location")).isNotNull();
    assertThat(again.header("Content-Type")).isEqualTo(first.header("Content-Type"));
    assertThat(notes.runs(content)).isEqualTo(1);
    assertThat(notes.count(content)).isEqualTo(1);
  }

  @Test
  void theSameKeyWithAnotherBodyAnswers422AndRunsNothing() {
    post("/notes", key, content, null, null);
    String other = content + "-other";

    Reply reused = post("/notes", key, other, null, null);

    assertThat(reused.status()).isEqualTo(422);
    assertThat(reused.header("Content-Type")).startsWith("application/problem+json");
    assertThat(reused.body()).contains("Idempotency-Key").doesNotContain("SQL", "Exception");
    assertThat(notes.runs(other)).isZero();
    assertThat(notes.count(other)).isZero();
  }

  @Test
  void theSameKeyWithAnotherValueOfAHeaderTheHandlerReadsAnswers422() {
    post("/notes", key, content, null, "red");

    Reply reused = post("/notes", key, content, null, "blue");

    assertThat(reused.status()).isEqualTo(422);
    assertThat(notes.runs(content)).isEqualTo(1);
  }

  @Test
  void keysBelongToTheirCaller() {
    Reply alice = post("/notes", key, content, "alice", null);

    Reply bob = post("/notes", key, content, "bob", null);
    Reply aliceAgain = post("/notes", key, content, "alice", null);

    assertThat(bob.status()).isEqualTo(201);
    assertThat(bob.header("ETag")).isNotEqualTo(alice.header("ETag"));
    assertThat(aliceAgain.body()).isEqualTo(alice.body());
    assertThat(notes.count(content)).isEqualTo(2);
    assertThat(storedStatus("alice", key)).hasValue(201);
    assertThat(storedStatus("bob", key)).hasValue(201);
    assertThat(storedStatus("", key)).isEmpty();
  }

  @Test
  void aRequestWithoutAKeyRunsEveryTime() {
    assertThat(post("/notes", null, content, null, null).status()).isEqualTo(201);
    assertThat(post("/notes", null, content, null, null).status()).isEqualTo(201);

    assertThat(notes.count(content)).isEqualTo(2);
  }

  @Test
  void aMissingKeyWhereOneIsRequiredAnswers400AndRunsNothing() {
    Reply reply = post("/notes/keyed", null, content, null, null);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).contains("needs an Idempotency-Key");
    assertThat(notes.runs(content)).isZero();

    assertThat(post("/notes/keyed", key, content, null, null).status()).isEqualTo(201);
  }

  @Test
  void aMalformedKeyAnswers400AndRunsNothing() {
    for (String bad : List.of("has space", "k".repeat(129), "tab\tinside")) {
      Reply reply = post("/notes", bad, content, null, null);
      assertThat(reply.status()).as(bad).isEqualTo(400);
      assertThat(reply.body()).as(bad).contains("Idempotency-Key");
    }
    assertThat(notes.runs(content)).isZero();
    assertThat(post("/notes", "k".repeat(128), content, null, null).status()).isEqualTo(201);
  }

  @Test
  void aKeyInFlightAnswers409AndItsAnswerIsReplayedOnceItCommits() throws Exception {
    notes.holdNext();
    CompletableFuture<Reply> first = postAsync("/notes", key, content);
    try {
      assertThat(notes.awaitHeld()).isTrue();

      Reply meanwhile = post("/notes", key, content, null, null);

      assertThat(meanwhile.status()).isEqualTo(409);
      assertThat(meanwhile.header("Content-Type")).startsWith("application/problem+json");
      assertThat(meanwhile.body()).contains("still being processed");
    } finally {
      notes.release();
    }
    Reply committed = first.get(30, TimeUnit.SECONDS);
    assertThat(committed.status()).isEqualTo(201);

    Reply later = post("/notes", key, content, null, null);

    assertThat(later.status()).isEqualTo(201);
    assertThat(later.body()).isEqualTo(committed.body());
    assertThat(later.header("ETag")).isEqualTo(committed.header("ETag"));
    assertThat(notes.runs(content)).isEqualTo(1);
    assertThat(notes.count(content)).isEqualTo(1);
  }

  @Test
  void aFailedRequestLeavesNoKeyAndNoWriteSoItsRepeatRuns() {
    notes.failNext();

    Reply failed = post("/notes", key, content, null, null);

    assertThat(failed.status()).isEqualTo(500);
    assertThat(storedStatus("", key)).isEmpty();
    assertThat(notes.count(content)).isZero();

    Reply repeat = post("/notes", key, content, null, null);

    assertThat(repeat.status()).isEqualTo(201);
    assertThat(notes.runs(content)).isEqualTo(2);
    assertThat(notes.count(content)).isEqualTo(1);
  }

  @Test
  void aTransientFailureInsideIsRetriedAndTheKeyStoredOnce() {
    // The database fails the first insert of a note "flaky" with SQLState 40001 (see subclasses).
    Reply reply = post("/notes", key, "flaky", null, null);

    assertThat(reply.status()).isEqualTo(201);
    assertThat(notes.runs("flaky")).isEqualTo(2);
    assertThat(notes.count("flaky")).isEqualTo(1);
    assertThat(keyRows(key)).isEqualTo(1);
    assertThat(post("/notes", key, "flaky", null, null).body()).isEqualTo(reply.body());
    assertThat(notes.runs("flaky")).isEqualTo(2);
  }

  @Test
  void anExpiredKeyCountsAsUnusedAndIsTakenByTheNextRequest() {
    post("/notes", key, content, null, null);
    jdbi.useHandle(
        h -> h.execute("UPDATE " + TABLE + " SET expires_at = 0 WHERE idempotency_key = ?", key));
    String other = content + "-after-expiry";

    Reply fresh = post("/notes", key, other, null, null);

    assertThat(fresh.status()).isEqualTo(201);
    assertThat(notes.runs(other)).isEqualTo(1);
    assertThat(expiresAt(key)).isGreaterThan(System.currentTimeMillis());
    assertThat(post("/notes", key, other, null, null).body()).isEqualTo(fresh.body());
    assertThat(post("/notes", key, content, null, null).status()).isEqualTo(422);
  }

  @Test
  void theCleanupDeletesExpiredKeysInBatchesAndKeepsTheOthers() {
    long now = System.currentTimeMillis();
    List<String> live = new ArrayList<>();
    jdbi.useHandle(
        h -> {
          for (int i = 0; i < 5; i++) {
            insertKeyRow(h, "cleanup", "expired-" + i, now - 1000 - i);
          }
          for (int i = 0; i < 3; i++) {
            live.add("live-" + i);
            insertKeyRow(h, "cleanup", "live-" + i, now + 3_600_000);
          }
        });

    int deleted = store.deleteExpired();

    assertThat(deleted).isGreaterThanOrEqualTo(5);
    List<String> left =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT idempotency_key FROM "
                            + TABLE
                            + " WHERE caller = 'cleanup' ORDER BY idempotency_key")
                    .mapTo(String.class)
                    .list());
    assertThat(left).containsExactlyElementsOf(live);
    assertThat(store.deleteExpired()).isZero();
  }

  private static void insertKeyRow(Handle h, String caller, String key, long expiresAt) {
    h.execute(
        "INSERT INTO "
            + TABLE
            + " (caller, idempotency_key, fingerprint, created_at, expires_at, response_status)"
            + " VALUES (?, ?, ?, ?, ?, 200)",
        caller,
        key,
        "0".repeat(64),
        expiresAt - 86_400_000L,
        expiresAt);
  }

  private Optional<Integer> storedStatus(String caller, String key) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT response_status FROM "
                        + TABLE
                        + " WHERE caller = :caller AND idempotency_key = :key")
                .bind("caller", caller)
                .bind("key", key)
                .mapTo(Integer.class)
                .findOne());
  }

  private int keyRows(String key) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COUNT(*) FROM " + TABLE + " WHERE idempotency_key = :key")
                .bind("key", key)
                .mapTo(Integer.class)
                .one());
  }

  private long expiresAt(String key) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT expires_at FROM " + TABLE + " WHERE idempotency_key = :key")
                .bind("key", key)
                .mapTo(Long.class)
                .one());
  }

  /** An answer. */
  record Reply(int status, Map<String, List<String>> headers, String body) {
    @Nullable String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream())
          .findFirst()
          .orElse(null);
    }
  }

  private HttpRequest request(
      String path,
      @Nullable String key,
      String content,
      @Nullable String user,
      @Nullable String tag) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"" + content + "\"}"));
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    if (user != null) {
      request.header("X-User", user);
    }
    if (tag != null) {
      request.header("X-Tag", tag);
    }
    return request.build();
  }

  private Reply post(
      String path,
      @Nullable String key,
      String content,
      @Nullable String user,
      @Nullable String tag) {
    try {
      HttpRequest request = request(path, key, content, user, tag);
      return reply(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (Exception e) {
      throw new IllegalStateException("request failed: " + e, e);
    }
  }

  private CompletableFuture<Reply> postAsync(String path, String key, String content) {
    return CLIENT
        .sendAsync(request(path, key, content, null, null), HttpResponse.BodyHandlers.ofString())
        .thenApply(IdempotencyContract::reply);
  }

  private static Reply reply(HttpResponse<String> response) {
    return new Reply(response.statusCode(), response.headers().map(), response.body());
  }
}
