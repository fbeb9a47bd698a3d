package dev.occ.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.occ.VersionConflictException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;

class OccHttpTest {
  private final OccHttp http = new OccHttp(false);

  @Test
  void readsTheVersionOfAStrongEntityTag() {
    assertThat(http.expectedVersion(ifMatch(" \"41\" "), null)).isEqualTo(41);
  }

  @Test
  void aConflictAtTheIfMatchVersionIsAFailedPrecondition() {
    MockHttpServletRequest request = ifMatch("\"41\"");
    http.expectedVersion(request, null);
    assertThat(OccHttp.isPreconditionFailed(request, conflictAt(41))).isTrue();
    assertThat(OccHttp.isPreconditionFailed(request, conflictAt(40))).isFalse();
  }

  @Test
  void acceptsABodyVersionThatAgreesWithIfMatch() {
    assertThat(http.expectedVersion(ifMatch("\"41\""), 41L)).isEqualTo(41);
  }

  @Test
  void refusesABodyVersionThatDisagreesWithIfMatch() {
    assertThatThrownBy(() -> http.expectedVersion(ifMatch("\"41\""), 40L))
        .isInstanceOfSatisfying(
            InvalidIfMatchException.class,
            e -> {
              assertThat(e.getBody().getDetail()).contains("41").contains("40");
              assertThat(e.reason()).isEqualTo(InvalidIfMatchException.Reason.DISAGREES_WITH_BODY);
            });
  }

  @Test
  void takesTheBodysVersionWithoutIfMatchAndThenAConflictIsNoFailedPrecondition() {
    MockHttpServletRequest request = new MockHttpServletRequest();
    assertThat(http.expectedVersion(request, 7L)).isEqualTo(7);
    assertThat(OccHttp.isPreconditionFailed(request, conflictAt(7))).isFalse();
  }

  @Test
  void requiresAVersionFromSomewhere() {
    assertThatThrownBy(() -> http.expectedVersion(new MockHttpServletRequest(), null))
        .isInstanceOfSatisfying(
            PreconditionRequiredException.class,
            e -> assertThat(e.getStatusCode()).isEqualTo(HttpStatus.PRECONDITION_REQUIRED));
  }

  @Test
  void requiresIfMatchWhenConfiguredTo() {
    assertThatThrownBy(() -> new OccHttp(true).expectedVersion(new MockHttpServletRequest(), 41L))
        .isInstanceOf(PreconditionRequiredException.class)
        .satisfies(
            e ->
                assertThat(((PreconditionRequiredException) e).getBody().getDetail())
                    .contains("If-Match"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "W/\"41\"",
        "*",
        "41",
        "\"41\", \"42\"",
        "\"-1\"",
        "\"4a\"",
        "\"\"",
        "",
        "\"99999999999999999999\""
      })
  void refusesWhatIsNotOneStrongEntityTagHoldingAVersion(String value) {
    // With a body version too: a malformed If-Match is what is wrong, not a disagreement.
    assertThatThrownBy(() -> http.expectedVersion(ifMatch(value), 41L))
        .isInstanceOfSatisfying(
            InvalidIfMatchException.class,
            e -> {
              assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
              assertThat(e.reason()).isEqualTo(InvalidIfMatchException.Reason.MALFORMED);
            });
  }

  @Test
  void refusesTwoIfMatchHeaders() {
    MockHttpServletRequest request = ifMatch("\"41\"");
    request.addHeader("If-Match", "\"42\"");
    assertThatThrownBy(() -> http.expectedVersion(request, null))
        .isInstanceOf(InvalidIfMatchException.class);
  }

  @Test
  void explainsWhyAWeakTagIsRefused() {
    assertThatThrownBy(() -> http.expectedVersion(ifMatch("W/\"41\""), null))
        .isInstanceOfSatisfying(
            InvalidIfMatchException.class,
            e -> assertThat(e.getBody().getDetail()).contains("weak"));
  }

  @Test
  void writesAVersionAsAStrongEntityTag() {
    assertThat(OccHttp.eTag(42)).isEqualTo("\"42\"");
  }

  private static VersionConflictException conflictAt(long expectedVersion) {
    return new VersionConflictException("things", 1L, expectedVersion, expectedVersion + 1, null);
  }

  private static MockHttpServletRequest ifMatch(String value) {
    MockHttpServletRequest request = new MockHttpServletRequest();
    request.addHeader("If-Match", value);
    return request;
  }
}
