package dev.occ.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.OutcomeUnknownException;
import dev.occ.RowNotFoundException;
import dev.occ.TransientFailureException;
import dev.occ.VersionConflictException;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.WebApplicationContext;

class OccExceptionHandlerTest {
  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  JacksonAutoConfiguration.class,
                  HttpMessageConvertersAutoConfiguration.class,
                  WebMvcAutoConfiguration.class,
                  OccWebAutoConfiguration.class))
          .withUserConfiguration(ThingController.class)
          .withPropertyValues("occ.web.retry-after=1500ms");

  @Test
  void conflictAnswers409WithTheVersionsAndTheETagButNotTheRow() {
    mvc(
        mvc ->
            assertThat(mvc.put().uri("/things/7?version=41"))
                .hasStatus(HttpStatus.CONFLICT)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .hasHeader("ETag", "\"42\"")
                .bodyJson()
                .satisfies(
                    json -> {
                      assertThat(json).extractingPath("$.status").isEqualTo(409);
                      assertThat(json).extractingPath("$.expectedVersion").isEqualTo(41);
                      assertThat(json).extractingPath("$.currentVersion").isEqualTo(42);
                      assertThat(json).extractingPath("$.instance").isEqualTo("/things/7");
                      // The exception holds the row, secret column and all: none of it is shown.
                      assertThat(json).doesNotHavePath("$.current");
                      assertThat(json.getJson()).doesNotContain("moved", "s3cret");
                    }));
  }

  @Test
  void includeCurrentRowShowsTheRowTheExceptionHolds() {
    runner
        .withPropertyValues("occ.web.include-current-row=true")
        .run(
            context ->
                assertThat(
                        MockMvcTester.from((WebApplicationContext) context)
                            .put()
                            .uri("/things/7?version=41"))
                    .hasStatus(HttpStatus.CONFLICT)
                    .bodyJson()
                    .extractingPath("$.current.name")
                    .isEqualTo("moved"));
  }

  @Test
  void theApplicationsConflictBodyDecidesWhatOfTheRowIsShown() {
    runner
        .withPropertyValues("occ.web.include-current-row=true")
        .withBean(
            OccConflictBody.class,
            () ->
                conflict ->
                    conflict.currentRow() == null
                        ? null
                        : Map.of("name", String.valueOf(conflict.currentRow().get("name"))))
        .run(
            context ->
                assertThat(
                        MockMvcTester.from((WebApplicationContext) context)
                            .put()
                            .uri("/things/7?version=41"))
                    .hasStatus(HttpStatus.CONFLICT)
                    .bodyJson()
                    .satisfies(
                        json -> {
                          assertThat(json).extractingPath("$.current.name").isEqualTo("moved");
                          assertThat(json).doesNotHavePath("$.current.secret");
                          assertThat(json.getJson()).doesNotContain("s3cret");
                        }));
  }

  @Test
  void conflictAtTheIfMatchVersionAnswers412() {
    mvc(
        mvc ->
            assertThat(mvc.put().uri("/things/7").header("If-Match", "\"41\""))
                .hasStatus(HttpStatus.PRECONDITION_FAILED)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .hasHeader("ETag", "\"42\"")
                .bodyJson()
                .satisfies(
                    json -> {
                      assertThat(json).extractingPath("$.expectedVersion").isEqualTo(41);
                      assertThat(json).extractingPath("$.currentVersion").isEqualTo(42);
                    }));
  }

  @Test
  void conflictAtAnotherVersionThanIfMatchsAnswers409() {
    mvc(
        mvc ->
            assertThat(mvc.put().uri("/things/7?conflictAt=3").header("If-Match", "\"41\""))
                .hasStatus(HttpStatus.CONFLICT));
  }

  @Test
  void missingRowAnswers404() {
    mvc(
        mvc ->
            assertThat(mvc.get().uri("/missing"))
                .hasStatus(HttpStatus.NOT_FOUND)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson()
                .extractingPath("$.detail")
                .isEqualTo("No row with id 7."));
  }

  @Test
  void transientFailureAnswers503WithRetryAfterAndNoSql() {
    mvc(
        mvc ->
            assertThat(mvc.get().uri("/busy"))
                .hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .hasHeader("Retry-After", "2")
                .bodyText()
                .doesNotContain("UPDATE", "SQL", "40001", "Exception", "at dev.occ"));
  }

  @Test
  void anUnknownOutcomeAnswers503WithRetryAfterNeverSuccessNorAPlainFailure() {
    mvc(
        mvc ->
            assertThat(mvc.get().uri("/lost"))
                .hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .hasHeader("Retry-After", "2")
                .bodyJson()
                .extractingPath("$.outcome")
                .isEqualTo("unknown"));
    mvc(
        mvc ->
            assertThat(mvc.get().uri("/lost"))
                .bodyText()
                .contains("Idempotency-Key")
                .doesNotContain("SQL", "08006", "812", "Exception", "at dev.occ"));
  }

  @Test
  void missingVersionAnswers428() {
    mvc(
        mvc ->
            assertThat(mvc.put().uri("/things/7"))
                .hasStatus(HttpStatus.PRECONDITION_REQUIRED)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Test
  void malformedIfMatchAnswers400() {
    mvc(
        mvc ->
            assertThat(mvc.put().uri("/things/7").header("If-Match", "W/\"41\""))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson()
                .extractingPath("$.detail")
                .asString()
                .contains("weak"));
  }

  @Test
  void theApplicationsOwnAdviceAnswersFirst() {
    runner
        .withUserConfiguration(OwnAdvice.class)
        .run(
            context -> {
              MockMvcTester mvc = MockMvcTester.from((WebApplicationContext) context);
              assertThat(mvc.put().uri("/things/7?version=41"))
                  .hasStatus(HttpStatus.GONE)
                  .bodyText()
                  .isEqualTo("own");
              // Exceptions the application's advice leaves alone still get occ's answer.
              assertThat(mvc.get().uri("/missing")).hasStatus(HttpStatus.NOT_FOUND);
            });
  }

  private void mvc(Consumer<MockMvcTester> test) {
    runner.run(context -> test.accept(MockMvcTester.from((WebApplicationContext) context)));
  }

  /** Stands in for a controller whose service met occ's exceptions. */
  @RestController
  static class ThingController {
    private final OccHttp http;

    ThingController(OccHttp http) {
      this.http = http;
    }

    @PutMapping("/things/{id}")
    String rename(
        @PathVariable long id,
        @RequestParam(required = false) @Nullable Long version,
        @RequestParam(required = false) @Nullable Long conflictAt,
        HttpServletRequest request) {
      long expected = http.expectedVersion(request, version);
      // The row is at version 42 now: occ's update at the expected version meets a conflict.
      throw new VersionConflictException(
          "things",
          id,
          conflictAt == null ? expected : conflictAt,
          42,
          Map.of("id", id, "name", "moved", "secret", "s3cret", "version", 42L));
    }

    @GetMapping("/missing")
    String missing() {
      throw new RowNotFoundException("things", 7L);
    }

    @GetMapping("/busy")
    String busy() {
      throw new TransientFailureException(
          "things",
          "40001",
          0,
          2,
          new SQLException("could not serialize access: UPDATE things SET name = 'x'", "40001"));
    }

    @GetMapping("/lost")
    String lost() {
      throw new OutcomeUnknownException(
          "things", 812L, null, new SQLException("An I/O error occurred while sending", "08006"));
    }
  }

  /** An application's own mapping of conflicts, which must win over occ's. */
  @RestControllerAdvice
  static class OwnAdvice {
    @ExceptionHandler
    ResponseEntity<String> conflict(VersionConflictException e) {
      return ResponseEntity.status(HttpStatus.GONE).body("own");
    }
  }
}
