package dev.occ.spring.boot.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.occ.spring.boot.idempotency.StoredResponse.Header;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

class StoredResponseTest {
  private static final List<Header> HEADERS =
      List.of(
          new Header("ETag", "\"42\""),
          new Header("Content-Type", "application/json"),
          new Header("Link", "</a>; rel=\"next\""),
          new Header("Link", "</b>; rel=\"prev\""),
          new Header("X-Note", "colon: inside"));

  @Test
  void headersSurviveTheirTextFormInOrderWithRepeatedNames() {
    StoredResponse response = new StoredResponse(201, HEADERS, null);

    assertThat(StoredResponse.decodeHeaders(response.encodeHeaders())).isEqualTo(HEADERS);
  }

  @Test
  void aHeaderWithALineBreakIsNotStored() {
    StoredResponse response = new StoredResponse(200, List.of(new Header("X-Bad", "a\r\nb")), null);
    assertThatThrownBy(response::encodeHeaders).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theEntityCarriesStatusHeadersAndTheBytesUnchanged() {
    byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

    ResponseEntity<byte[]> entity = new StoredResponse(201, HEADERS, body).toEntity();

    assertThat(entity.getStatusCode().value()).isEqualTo(201);
    assertThat(entity.getHeaders().getETag()).isEqualTo("\"42\"");
    assertThat(entity.getHeaders().get("Link"))
        .containsExactly("</a>; rel=\"next\"", "</b>; rel=\"prev\"");
    assertThat(entity.getBody()).isEqualTo(body);
  }
}
