package dev.occ.spring.boot.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.occ.spring.boot.idempotency.InvalidIdempotencyKeyException.Reason;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;

class KeyHeaderTest {
  @Test
  void takesOneToHundredTwentyEightVisibleAsciiCharacters() {
    String[] keys = {
      "!", "~", "a".repeat(128), "8e03978e-40d5-43e8-bc93-6894a57f9324", "\"quoted\""
    };
    for (String key : keys) {
      assertThat(KeyHeader.keyOf(request(key), false)).isEqualTo(key);
    }
  }

  @Test
  void refusesMalformedKeysWithTheReason() {
    assertRefused(Reason.EMPTY, "");
    assertRefused(Reason.TOO_LONG, "a".repeat(129));
    assertRefused(Reason.NOT_VISIBLE_ASCII, "two words");
    assertRefused(Reason.NOT_VISIBLE_ASCII, "tab\there");
    assertRefused(Reason.NOT_VISIBLE_ASCII, "caf\u00e9");
    assertRefused(Reason.NOT_VISIBLE_ASCII, "del\u007f");
    assertRefused(Reason.REPEATED, "a", "b");
  }

  @Test
  void aMissingKeyIsNoKeyUnlessOneIsRequired() {
    assertThat(KeyHeader.keyOf(new MockHttpServletRequest(), false)).isNull();
    assertThatThrownBy(() -> KeyHeader.keyOf(new MockHttpServletRequest(), true))
        .isInstanceOfSatisfying(
            InvalidIdempotencyKeyException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.MISSING);
              assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
              assertThat(e.getBody().getDetail()).contains("needs an Idempotency-Key");
            });
  }

  @Test
  void theCallerIsThePrincipalsNameElseTheAnonymousCaller() {
    MockHttpServletRequest signedIn = new MockHttpServletRequest();
    signedIn.setUserPrincipal(() -> "north-advisor");
    assertThat(KeyHeader.callerOf(signedIn)).isEqualTo("north-advisor");
    assertThat(KeyHeader.callerOf(new MockHttpServletRequest())).isEqualTo(KeyHeader.ANONYMOUS);
  }

  @Test
  void aPrincipalNameTooLongForTheColumnIsKeptAsItsHash() {
    MockHttpServletRequest a = new MockHttpServletRequest();
    a.setUserPrincipal(() -> "a".repeat(300));
    MockHttpServletRequest b = new MockHttpServletRequest();
    b.setUserPrincipal(() -> "a".repeat(299) + "b");

    String caller = KeyHeader.callerOf(a);

    assertThat(caller).startsWith("sha-256:").hasSizeLessThanOrEqualTo(KeyHeader.MAX_CALLER_LENGTH);
    assertThat(KeyHeader.callerOf(b)).isNotEqualTo(caller);
  }

  private static void assertRefused(Reason reason, String... values) {
    assertThatThrownBy(() -> KeyHeader.keyOf(request(values), false))
        .as(String.join("|", values))
        .isInstanceOfSatisfying(
            InvalidIdempotencyKeyException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private static MockHttpServletRequest request(String... values) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/notes");
    for (String value : values) {
      request.addHeader(KeyHeader.NAME, value);
    }
    return request;
  }
}
