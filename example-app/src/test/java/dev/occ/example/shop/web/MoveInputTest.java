package dev.occ.example.shop.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.occ.example.shop.appointments.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MoveInputTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static JsonNode json(String text) {
    return JSON.readTree(text);
  }

  @Test
  void takesStatusAndVersionFromTheBody() {
    assertThat(MoveInput.parse("42", json("{\"status\":\"READY\",\"version\":41}"), null))
        .isEqualTo(new MoveInput(42, Status.READY, 41));
  }

  @Test
  void takesTheVersionFromIfMatchWhenTheBodyHasNone() {
    assertThat(MoveInput.parse("42", json("{\"status\":\"READY\"}"), "\"41\""))
        .isEqualTo(new MoveInput(42, Status.READY, 41));
  }

  @Test
  void acceptsIfMatchThatAgreesWithTheBody() {
    assertThat(MoveInput.parse("42", json("{\"status\":\"READY\",\"version\":41}"), " \"41\" ").version())
        .isEqualTo(41);
  }

  @Test
  void acceptsTheLargestVersionAJavaScriptClientHoldsExactly() {
    assertThat(MoveInput.parse("1", json("{\"status\":\"READY\",\"version\":9007199254740991}"), null).version())
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
        "1 |{\"status\":\" READY\",\"version\":1}||status",
        "9223372036854775808|{\"status\":\"READY\",\"version\":1}||id",
        "01|{\"status\":\"READY\",\"version\":1}||id",
        "+1|{\"status\":\"READY\",\"version\":1}||id",
        "1 |{}||status"
      })
  void namesTheFirstWrongInput(String id, String body, String ifMatch, String field) {
    assertThatThrownBy(() -> MoveInput.parse(id.strip(), json(body), ifMatch))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
