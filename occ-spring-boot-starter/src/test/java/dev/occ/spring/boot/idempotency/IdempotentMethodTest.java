package dev.occ.spring.boot.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;

class IdempotentMethodTest {
  private static final MessageBodies BODIES =
      new MessageBodies(
          () -> List.of(new StringHttpMessageConverter(), new JacksonJsonHttpMessageConverter()));

  /** Handler methods as an application writes them. */
  static class Handlers {
    @Idempotent
    public ResponseEntity<String> move(
        @PathVariable String id,
        @RequestBody Map<String, Object> body,
        @RequestHeader("If-Match") String ifMatch,
        @RequestHeader Map<String, String> allHeaders) {
      return ResponseEntity.ok(id + body + ifMatch + allHeaders);
    }

    @Idempotent(required = true)
    public ResponseEntity<Map<String, Object>> keyed(@RequestBody Map<String, Object> body) {
      return ResponseEntity.ok(body);
    }

    public ResponseEntity<String> plain() {
      return ResponseEntity.ok("plain");
    }
  }

  @Test
  void readsTheBodiesAndTheNamedHeadersOnceAndWhetherAKeyIsRequired() {
    IdempotentMethod move = IdempotentMethod.of(method("move"));
    IdempotentMethod keyed = IdempotentMethod.of(method("keyed"));

    assertThat(move.required()).isFalse();
    assertThat(keyed.required()).isTrue();
    assertThat(move.bodies())
        .singleElement()
        .satisfies(p -> assertThat(p.getParameterIndex()).isEqualTo(1));
    assertThat(move.headers()).containsExactly("If-Match");
    assertThat(move.answerBodyType().resolve()).isEqualTo(String.class);
    assertThat(keyed.answerBodyType().resolve()).isEqualTo(Map.class);
    assertThatThrownBy(() -> IdempotentMethod.of(method("plain")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theSameRequestHasTheSameFingerprint() {
    String first = fingerprint(r -> {}, Map.of("status", "READY", "version", 41));
    String again = fingerprint(r -> {}, Map.of("status", "READY", "version", 41));

    assertThat(first).hasSize(64).matches("[0-9a-f]+").isEqualTo(again);
  }

  @Test
  void everyPartOfThePayloadChangesTheFingerprint() {
    Map<String, Object> body = Map.of("status", "READY", "version", 41);
    String base = fingerprint(r -> {}, body);

    assertThat(fingerprint(r -> {}, Map.of("status", "COMPLETED", "version", 41)))
        .isNotEqualTo(base);
    assertThat(fingerprint(r -> r.setMethod("PUT"), body)).isNotEqualTo(base);
    assertThat(fingerprint(r -> r.setRequestURI("/appointments/8/move"), body)).isNotEqualTo(base);
    assertThat(fingerprint(r -> r.addParameter("dryRun", "true"), body)).isNotEqualTo(base);
    assertThat(fingerprint(r -> ifMatch(r, "\"40\""), body)).isNotEqualTo(base);
  }

  @Test
  void headersTheHandlerDoesNotReadLeaveTheFingerprintAlone() {
    Map<String, Object> body = Map.of("status", "READY", "version", 41);
    String base = fingerprint(r -> {}, body);

    assertThat(
            fingerprint(
                r -> {
                  r.addHeader("Date", "Sat, 28 Nov 2026 03:44:55 GMT");
                  r.addHeader(KeyHeader.NAME, "another-key");
                },
                body))
        .isEqualTo(base);
  }

  @Test
  void fieldsDoNotRunTogether() {
    // "ab" + "c" and "a" + "bc" differ: each field is length-prefixed.
    assertThat(new Fingerprint().add("ab").add("c").hex())
        .isNotEqualTo(new Fingerprint().add("a").add("bc").hex());
    assertThat(new Fingerprint().add((String) null).hex())
        .isNotEqualTo(new Fingerprint().add("").hex());
  }

  private static String fingerprint(
      Consumer<MockHttpServletRequest> change, Map<String, Object> body) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/appointments/7/move");
    change.accept(request);
    if (request.getHeader("If-Match") == null) {
      ifMatch(request, "\"41\"");
    }
    Object[] arguments = {"7", body, request.getHeader("If-Match"), Map.of()};
    return IdempotentMethod.of(method("move")).fingerprint(request, arguments, BODIES);
  }

  private static void ifMatch(MockHttpServletRequest request, String value) {
    request.addHeader("If-Match", value);
  }

  private static Method method(String name) {
    for (Method m : Handlers.class.getMethods()) {
      if (m.getName().equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException(name);
  }
}
