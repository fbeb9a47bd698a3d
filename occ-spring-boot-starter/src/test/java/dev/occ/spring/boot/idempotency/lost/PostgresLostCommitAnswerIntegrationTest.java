package dev.occ.spring.boot.idempotency.lost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.spring.boot.Things;
import dev.occ.testing.CommitFaults;
import dev.occ.testing.CommitFaults.Fault;
import dev.occ.testing.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * An {@code @Idempotent} request whose COMMIT went through but whose answer was lost on the way
 * back: occ proves the commit on PostgreSQL, and the client gets the answer stored with its key at
 * once, not an unknown outcome to ask about again.
 */
@SpringBootTest(
    classes = {LostAnswerTestApp.class, PostgresLostCommitAnswerIntegrationTest.Faults.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "occ.retry.outcome-resolution-timeout=300ms")
class PostgresLostCommitAnswerIntegrationTest {
  private static final TestDatabases.Schema SCHEMA = TestDatabases.freshPostgresSchema("idem_lost");
  private static final Jdbi DIRECT = Things.direct(SCHEMA);
  private static final CommitFaults FAULTS =
      new CommitFaults(SCHEMA.url(), SCHEMA.user(), SCHEMA.password());
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @LocalServerPort int port;
  @Autowired LostAnswerTestApp.RenameController controller;

  @TestConfiguration
  static class Faults {
    @Bean
    @Primary
    DataSource faultyDataSource() throws SQLException {
      try (Connection c = SCHEMA.connect()) {
        ScriptUtils.executeSqlScript(
            c, new ClassPathResource("dev/occ/spring/boot/idempotency/schema-postgresql.sql"));
      }
      Things.create(DIRECT);
      return FAULTS.dataSource();
    }
  }

  @AfterEach
  void reset() {
    FAULTS.acceptConnections();
    controller.runsAndReset();
  }

  @AfterAll
  static void dropSchema() {
    SCHEMA.close();
  }

  @Test
  void aCommitProvenAfterItsAnswerWasLostAnswersWithTheStoredAnswer() throws Exception {
    long id = Things.insertNew(DIRECT);
    String key = UUID.randomUUID().toString();
    FAULTS.failNextCommit(Fault.LOSE_ANSWER_AFTER_COMMIT);

    HttpResponse<String> first = rename(id, key, 1);
    HttpResponse<String> again = rename(id, key, 1);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("\"version\":2");
    assertThat(first.headers().firstValue("ETag")).hasValue("\"2\"");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(controller.runsAndReset()).isEqualTo(1);
    assertThat(Things.version(DIRECT, id)).isEqualTo(2);
  }

  @Test
  void whenTheCommitCannotBeProvenTheOutcomeStaysUnknown() throws Exception {
    long id = Things.insertNew(DIRECT);
    String key = UUID.randomUUID().toString();
    FAULTS.failNextCommit(Fault.LOSE_ANSWER_AFTER_COMMIT);
    // From inside the transaction on: nobody can ask the database how it ended.
    controller.duringNextRun(() -> FAULTS.refuseConnectionsFor(60_000));

    HttpResponse<String> first = rename(id, key, 1);
    FAULTS.acceptConnections();
    HttpResponse<String> again = rename(id, key, 1);

    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).contains("\"version\":2");
    assertThat(controller.runsAndReset()).isEqualTo(1);
    assertThat(Things.version(DIRECT, id)).isEqualTo(2);
  }

  private HttpResponse<String> rename(long id, String key, long version)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/things/" + id + "/rename"))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"name\":\"renamed\",\"version\":" + version + "}"))
            .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
