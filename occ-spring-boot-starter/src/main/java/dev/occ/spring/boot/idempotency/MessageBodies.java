package dev.occ.spring.boot.idempotency;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.GenericHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.SmartHttpMessageConverter;

/**
 * Writes objects to bytes with the application's Spring MVC message converters, the ones that write
 * its answers: the body of an answer to store, and request bodies to fingerprint.
 */
final class MessageBodies {
  private final Supplier<List<HttpMessageConverter<?>>> converters;

  /** Takes a supplier: the converters belong to Spring MVC, which is set up after the advisor. */
  MessageBodies(Supplier<List<HttpMessageConverter<?>>> converters) {
    this.converters = converters;
  }

  /**
   * Captures a handler's answer: its status and headers, and its body as bytes in its Content-Type
   * (JSON when it names none, which it then names).
   *
   * @param bodyType the body's declared type, e.g. {@code T} of {@code ResponseEntity<T>}
   */
  StoredResponse capture(ResponseEntity<?> answer, ResolvableType bodyType) {
    HttpHeaders headers = new HttpHeaders();
    headers.addAll(answer.getHeaders());
    Object body = answer.getBody();
    byte[] bytes = null;
    if (body != null) {
      MediaType declared = answer.getHeaders().getContentType();
      Buffer written =
          write(body, bodyType, declared == null ? MediaType.APPLICATION_JSON : declared);
      bytes = written.bytes();
      if (declared == null) {
        MediaType chosen = written.getHeaders().getContentType();
        headers.setContentType(chosen == null ? MediaType.APPLICATION_JSON : chosen);
      }
    }
    return new StoredResponse(
        answer.getStatusCode().value(), StoredResponse.linesOf(headers), bytes);
  }

  /** Returns the value written as JSON, as the converters write it in an answer. */
  byte[] json(Object value, ResolvableType type) {
    return write(value, type, MediaType.APPLICATION_JSON).bytes();
  }

  @SuppressWarnings("unchecked") // each converter is asked first whether it writes the value
  private Buffer write(Object value, ResolvableType declared, MediaType mediaType) {
    ResolvableType type = declared.resolve() == null ? ResolvableType.forInstance(value) : declared;
    Class<?> valueClass = value.getClass();
    Buffer out = new Buffer();
    try {
      for (HttpMessageConverter<?> converter : converters.get()) {
        if (converter instanceof SmartHttpMessageConverter<?> smart) {
          if (smart.canWrite(type, valueClass, mediaType)) {
            ((SmartHttpMessageConverter<Object>) smart).write(value, type, mediaType, out, null);
            return out;
          }
        } else if (converter instanceof GenericHttpMessageConverter<?> generic) {
          if (generic.canWrite(type.getType(), valueClass, mediaType)) {
            ((GenericHttpMessageConverter<Object>) generic)
                .write(value, type.getType(), mediaType, out);
            return out;
          }
        } else if (converter.canWrite(valueClass, mediaType)) {
          ((HttpMessageConverter<Object>) converter).write(value, mediaType, out);
          return out;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + valueClass.getName(), e);
    }
    throw new IllegalStateException(
        "No HttpMessageConverter writes " + valueClass.getName() + " as " + mediaType);
  }

  /** An output message that keeps what a converter writes. */
  private static final class Buffer implements HttpOutputMessage {
    private final HttpHeaders headers = new HttpHeaders();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    @Override
    public OutputStream getBody() {
      return body;
    }

    @Override
    public HttpHeaders getHeaders() {
      return headers;
    }

    byte[] bytes() {
      return body.toByteArray();
    }
  }

  /** Returns the bytes of a value that may be absent, for a fingerprint. */
  byte @Nullable [] jsonOrNull(@Nullable Object value, ResolvableType type) {
    return value == null ? null : json(value, type);
  }
}
