package dev.occ.example.shop.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;

class IfNoneMatchTest {
  private static final String CURRENT = "W/\"abc\"";

  @Test
  void noFieldIsNoCondition() {
    assertThat(IfNoneMatch.of(request()).isPresent()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"W/\"abc\"", "\"abc\"", "\"x\", W/\"abc\"", " W/\"abc\" ", ",,W/\"abc\","})
  void theCurrentTagMatchesWeaklyAnywhereInTheList(String field) {
    IfNoneMatch condition = IfNoneMatch.of(request(field));

    assertThat(condition.isPresent()).isTrue();
    assertThat(condition.matches(CURRENT)).isTrue();
  }

  @Test
  void everyFieldCounts() {
    assertThat(IfNoneMatch.of(request("\"x\"", "W/\"y\"", "\"abc\"")).matches(CURRENT)).isTrue();
  }

  @Test
  void otherTagsDoNotMatch() {
    IfNoneMatch condition = IfNoneMatch.of(request("\"abd\", W/\"ab\""));

    assertThat(condition.isPresent()).isTrue();
    assertThat(condition.matches(CURRENT)).isFalse();
  }

  @Test
  void aStarMatchesAnyTag() {
    IfNoneMatch condition = IfNoneMatch.of(request(" * "));

    assertThat(condition.isPresent()).isTrue();
    assertThat(condition.matches(CURRENT)).isTrue();
    assertThat(condition.matches("W/\"anything\"")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "garbage", "abc", "W/abc", "\"abc", "*, *", "*, garbage"})
  void aFieldWithoutAnEntityTagIsNoCondition(String field) {
    assertThat(IfNoneMatch.of(request(field)).isPresent()).isFalse();
  }

  @Test
  void aStarInsideAListIsNoTag() {
    IfNoneMatch condition = IfNoneMatch.of(request("\"x\", *"));

    assertThat(condition.isPresent()).isTrue();
    assertThat(condition.matches(CURRENT)).isFalse();
  }

  @Test
  void weakWrapsTheOpaqueTag() {
    assertThat(IfNoneMatch.weak("abc")).isEqualTo(CURRENT);
  }

  private static MockHttpServletRequest request(String... fields) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/board");
    for (String field : fields) {
      request.addHeader("If-None-Match", field);
    }
    return request;
  }
}
