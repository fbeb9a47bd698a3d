package dev.occ.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.occ.testing.TestDatabases;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Spring Boot's tracing sees occ: a write through the HTTP endpoint on PostgreSQL is an {@code occ}
 * span, tagged with its table, operation and outcome, inside the request's span.
 */
@SpringBootTest(
    classes = StarterTestApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTracing
@Import(OccTracingIntegrationTest.Tracing.class)
class OccTracingIntegrationTest {
  private static final TestDatabases.Schema SCHEMA =
      TestDatabases.freshPostgresSchema("starter_tracing");
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @Autowired SimpleTracer tracer;
  @Autowired Jdbi jdbi;

  /** A tracer that keeps every span it made, in place of a Brave or OpenTelemetry one. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Tracing {
    @Bean
    SimpleTracer simpleTracer() {
      return new SimpleTracer();
    }
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) throws SQLException {
    try (Connection c = SCHEMA.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE things (id BIGINT PRIMARY KEY, name TEXT NOT NULL,"
              + " version BIGINT NOT NULL, updated_at TIMESTAMPTZ)");
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
  void aConflictingWriteIsAnOccSpanInsideTheRequestsSpan() throws Exception {
    jdbi.useHandle(h -> h.execute("INSERT INTO things (id, name, version) VALUES (1, 'a', 1)"));
    assertThat(put(1, "{\"name\": \"b\", \"version\": 1}").statusCode()).isEqualTo(200);

    HttpResponse<String> conflict = put(1, "{\"name\": \"c\", \"version\": 1}");

    assertThat(conflict.statusCode()).isEqualTo(409);
    SimpleSpan occ = awaitSpan(s -> "conflict".equals(s.getTags().get("outcome")));
    SimpleSpan request = awaitSpan(s -> "409".equals(s.getTags().get("status")));
    assertThat(occ.getName()).isEqualTo("occ update things");
    assertThat(occ.getTags())
        .containsEntry("table", "things")
        .containsEntry("operation", "update")
        .containsEntry("outcome", "conflict");
    assertThat(occ.getError()).isNull();
    assertThat(request.getTags())
        .containsEntry("method", "PUT")
        .containsEntry("uri", "/things/{id}");
    assertThat(occ.getParentId()).isEqualTo(request.getSpanId());
    assertThat(occ.getTraceId()).isEqualTo(request.getTraceId());

    SimpleSpan earlier = awaitSpan(s -> "success".equals(s.getTags().get("outcome")));
    SimpleSpan earlierRequest = awaitSpan(s -> "200".equals(s.getTags().get("status")));
    assertThat(earlier.getName()).isEqualTo("occ update things");
    assertThat(earlier.getParentId()).isEqualTo(earlierRequest.getSpanId());
    assertThat(earlier.getTraceId()).isNotEqualTo(occ.getTraceId());
  }

  /**
   * Waits for the one span that matches, once its tags are set: a request's span ends after its
   * answer was sent.
   */
  private SimpleSpan awaitSpan(Predicate<SimpleSpan> matches) {
    await().atMost(Duration.ofSeconds(10)).until(() -> matching(matches).size() == 1);
    return matching(matches).get(0);
  }

  private List<SimpleSpan> matching(Predicate<SimpleSpan> matches) {
    return tracer.getSpans().stream().filter(matches).toList();
  }

  private HttpResponse<String> put(long id, String body) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/things/" + id))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
