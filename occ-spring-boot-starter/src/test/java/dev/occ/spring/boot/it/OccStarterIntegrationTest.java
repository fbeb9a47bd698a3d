package dev.occ.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.occ.spring.boot.it.ThingService.Attempt;
import dev.occ.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The starter in a running application on PostgreSQL, spoken to over HTTP. */
@SpringBootTest(
    classes = StarterTestApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "occ.web.retry-after=2s")
class OccStarterIntegrationTest {
  private static final TestDatabases.Schema SCHEMA = TestDatabases.freshPostgresSchema("starter");
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired ThingService service;
  @Autowired Jdbi jdbi;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) throws SQLException {
    try (Connection c = SCHEMA.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE things (id BIGINT PRIMARY KEY, name TEXT NOT NULL,"
              + " version BIGINT NOT NULL, updated_at TIMESTAMPTZ)");
      // nextval is not rolled back, so the sequence counts attempts across retried transactions.
      s.execute("CREATE SEQUENCE flaky_attempts");
      s.execute(
          """
          CREATE FUNCTION inject_failure() RETURNS trigger AS $$
          BEGIN
            IF NEW.name = 'doomed' OR (NEW.name = 'flaky' AND nextval('flaky_attempts') = 1) THEN
              RAISE EXCEPTION 'injected serialization failure' USING ERRCODE = '40001';
            END IF;
            RETURN NEW;
          END $$ LANGUAGE plpgsql\
          """);
      s.execute(
          "CREATE TRIGGER inject_failure BEFORE UPDATE ON things"
              + " FOR EACH ROW EXECUTE FUNCTION inject_failure()");
    }
    registry.add("spring.datasource.url", SCHEMA::url);
    registry.add("spring.datasource.username", SCHEMA::user);
    registry.add("spring.datasource.password", SCHEMA::password);
  }

  @AfterAll
  static void dropSchema() {
    SCHEMA.close();
  }

  @Test
  void aWriteAtTheReadVersionAnswers200WithTheNewETag() throws Exception {
    insert(1, "a", 1);
    HttpResponse<String> response = put(1, "{\"name\": \"b\", \"version\": 1}", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("ETag")).hasValue("\"2\"");
    assertThat(json(response).path("version").asLong()).isEqualTo(2);
    assertThat(row(1)).isEqualTo("b@2");
  }

  @Test
  void aStaleVersionAnswers409WithTheVersionsAndTheETagButNotTheRow() throws Exception {
    insert(2, "a", 1);
    assertThat(put(2, "{\"name\": \"b\", \"version\": 1}", null).statusCode()).isEqualTo(200);

    HttpResponse<String> response = put(2, "{\"name\": \"c\", \"version\": 1}", null);

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(response.headers().firstValue("ETag")).hasValue("\"2\"");
    JsonNode problem = json(response);
    assertThat(problem.path("status").asInt()).isEqualTo(409);
    assertThat(problem.path("expectedVersion").asLong()).isEqualTo(1);
    assertThat(problem.path("currentVersion").asLong()).isEqualTo(2);
    // The service asked for the current row (fetchCurrentOnConflict), but the answer shows it
    // only if the application opts in.
    assertThat(problem.has("current")).isFalse();
    assertThat(response.body()).doesNotContain("UPDATE", "Exception", "at dev.occ");
    assertThat(row(2)).isEqualTo("b@2");
  }

  @Test
  void aMissingRowAnswers404() throws Exception {
    HttpResponse<String> response = put(404, "{\"name\": \"b\", \"version\": 1}", null);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).path("detail").asString()).isEqualTo("No row with id 404.");
  }

  @Test
  void aTransientFailureIsRetriedInAFreshTransactionAndSucceeds() throws Exception {
    insert(3, "a", 1);

    HttpResponse<String> response = put(3, "{\"name\": \"flaky\", \"version\": 1}", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(row(3)).isEqualTo("flaky@2");
    long attemptsSeenByTheDatabase =
        jdbi.withHandle(
            h -> h.createQuery("SELECT last_value FROM flaky_attempts").mapTo(Long.class).one());
    assertThat(attemptsSeenByTheDatabase).isEqualTo(2);
    List<Attempt> attempts = service.attempts(3);
    assertThat(attempts).hasSize(2).allSatisfy(a -> assertThat(a.transactionActive()).isTrue());
    assertThat(attempts.get(0).transactionId()).isNotEqualTo(attempts.get(1).transactionId());
  }

  @Test
  void aTransientFailureThatOutlastsTheRetriesAnswers503WithRetryAfter() throws Exception {
    insert(4, "a", 1);

    HttpResponse<String> response = put(4, "{\"name\": \"doomed\", \"version\": 1}", null);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(response.body()).doesNotContain("injected", "40001", "UPDATE", "Exception");
    assertThat(service.attempts(4)).hasSize(2);
    assertThat(row(4)).isEqualTo("a@1");
  }

  @Test
  void rollingBackTheCallersTransactionUndoesOccsUpdate() {
    insert(5, "a", 1);
    assertThatThrownBy(() -> service.renameThenFail(5, "b", 1))
        .hasMessage("rolled back on purpose");
    assertThat(row(5)).isEqualTo("a@1");
  }

  @Test
  void aMismatchingIfMatchAnswers412AndLeavesTheRowUnchanged() throws Exception {
    insert(6, "a", 3);

    HttpResponse<String> response = put(6, "{\"name\": \"b\"}", "\"2\"");

    assertThat(response.statusCode()).isEqualTo(412);
    assertThat(response.headers().firstValue("ETag")).hasValue("\"3\"");
    JsonNode problem = json(response);
    assertThat(problem.path("expectedVersion").asLong()).isEqualTo(2);
    assertThat(problem.path("currentVersion").asLong()).isEqualTo(3);
    assertThat(row(6)).isEqualTo("a@3");
  }

  @Test
  void aMatchingIfMatchWritesAndAnswersTheNewETag() throws Exception {
    insert(7, "a", 3);
    HttpResponse<String> response = put(7, "{\"name\": \"b\"}", "\"3\"");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("ETag")).hasValue("\"4\"");
    assertThat(row(7)).isEqualTo("b@4");
  }

  @Test
  void aWriteWithoutAnyVersionAnswers428AndChangesNothing() throws Exception {
    insert(8, "a", 1);
    assertThat(put(8, "{\"name\": \"b\"}", null).statusCode()).isEqualTo(428);
    assertThat(row(8)).isEqualTo("a@1");
  }

  private HttpResponse<String> put(long id, String body, String ifMatch) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/things/" + id))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body));
    if (ifMatch != null) {
      request.header("If-Match", ifMatch);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) {
    return JSON.readTree(response.body());
  }

  private void insert(long id, String name, long version) {
    jdbi.useHandle(
        h ->
            h.execute(
                "INSERT INTO things (id, name, version) VALUES (?, ?, ?)", id, name, version));
  }

  private String row(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT name || '@' || version FROM things WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .one());
  }
}
