package dev.occ.example.shop.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.occ.example.shop.appointments.Status;
import dev.occ.spring.boot.web.OccHttp;
import dev.occ.spring.boot.web.PreconditionRequiredException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MoveInputTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static JsonNode json(String text) {
    return JSON.readTree(text);
  }

  /** Parses a move as the controller does, with the starter's If-Match reader. */
  private static MoveInput parse(String id, String body, @Nullable String ifMatch) {
    return parse(id, body, ifMatch, new OccHttp(false));
  }

  private static MoveInput parse(String id, String body, @Nullable String ifMatch, OccHttp http) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/move");
    if (ifMatch != null) {
      request.addHeader("If-Match", ifMatch);
    }
    return MoveInput.parse(id, json(body), request, http);
  }

  @Test
  void takesStatusAndVersionFromTheBody() {
    assertThat(parse("42", "{\"status\":\"READY\",\"version\":41}", null))
        .isEqualTo(new MoveInput(42, Status.READY, 41));
  }

  @Test
  void takesTheVersionFromIfMatchWhenTheBodyHasNone() {
    assertThat(parse("42", "{\"status\":\"READY\"}", "\"41\""))
        .isEqualTo(new MoveInput(42, Status.READY, 41));
  }

  @Test
  void acceptsIfMatchThatAgreesWithTheBody() {
    assertThat(parse("42", "{\"status\":\"READY\",\"version\":41}", " \"41\" ").version())
        .isEqualTo(41);
  }

  @Test
  void acceptsTheLargestVersionAJavaScriptClientHoldsExactly() {
    assertThat(parse("1", "{\"status\":\"READY\",\"version\":9007199254740991}", null).version())
        .isEqualTo(MoveInput.MAX_VERSION);
  }

  @Test
  void acceptsTheLargestId() {
    assertThat(MoveInput.appointmentId(Long.toString(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1 |{\"status\":\"READY\",\"version\":1}|\"2\"|version",
        "1 |{\"status\":\"READY\"}|\"9007199254740992\"|If-Match",
        "1 |{\"status\":\"READY\"}|\"\"|If-Match",
        "1 |{\"status\":\"READY\"}|\"1\", \"2\"|If-Match",
        "1 |{\"status\":\"READY\",\"version\":1}|W/\"1\"|If-Match",
        "1 |{\"status\":\"READY\"}|*|If-Match",
        "1 |{\"status\":\"READY\"}|1|If-Match",
        "1 |{\"status\":\"READY\"}||version",
        "1 |{\"status\":\" READY\",\"version\":1}||status",
        "9223372036854775808|{\"status\":\"READY\",\"version\":1}||id",
        "01|{\"status\":\"READY\",\"version\":1}||id",
        "+1|{\"status\":\"READY\",\"version\":1}||id",
        "1 |{}||status"
      })
  void namesTheFirstWrongInput(String id, String body, String ifMatch, String field) {
    assertThatThrownBy(() -> parse(id.strip(), body, ifMatch))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  @Test
  void aVersionInTheBodyWithoutTheIfMatchTheAppRequiresIsAFailedPreconditionNotABadInput() {
    assertThatThrownBy(
            () -> parse("1", "{\"status\":\"READY\",\"version\":1}", null, new OccHttp(true)))
        .isInstanceOf(PreconditionRequiredException.class);
  }
}
