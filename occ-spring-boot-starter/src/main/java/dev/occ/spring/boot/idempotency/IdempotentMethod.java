package dev.occ.spring.boot.idempotency;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotatedMethod;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * What the advice needs to know of one {@link Idempotent} handler method, read once: whether it
 * requires a key, which of its arguments are request bodies, which headers it reads, and the body
 * type of the {@code ResponseEntity} it returns.
 *
 * @param required whether a request without a key is refused
 * @param bodies the {@code @RequestBody} parameters
 * @param headers the names of the headers bound to {@code @RequestHeader} parameters
 * @param answerBodyType {@code T} of the {@code ResponseEntity<T>} the method returns
 */
record IdempotentMethod(
    boolean required,
    List<MethodParameter> bodies,
    List<String> headers,
    ResolvableType answerBodyType) {

  private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

  IdempotentMethod {
    bodies = List.copyOf(bodies);
    headers = List.copyOf(headers);
  }

  /**
   * Reads the method; parameter annotations declared on an interface count, as in Spring MVC.
   *
   * @throws IllegalStateException if the method carries no {@link Idempotent}
   */
  static IdempotentMethod of(Method method) {
    Idempotent idempotent = AnnotatedElementUtils.findMergedAnnotation(method, Idempotent.class);
    if (idempotent == null) {
      throw new IllegalStateException("not an @Idempotent method: " + method);
    }
    List<MethodParameter> bodies = new ArrayList<>();
    List<String> headers = new ArrayList<>();
    for (MethodParameter parameter : new AnnotatedMethod(method).getMethodParameters()) {
      parameter.initParameterNameDiscovery(NAMES);
      if (parameter.hasParameterAnnotation(RequestBody.class)) {
        bodies.add(parameter);
      }
      RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
      // A Map or HttpHeaders parameter takes every header, the key and the date among them:
      // those cannot tell one payload from another.
      Class<?> type = parameter.getParameterType();
      if (header != null
          && !Map.class.isAssignableFrom(type)
          && !HttpHeaders.class.isAssignableFrom(type)) {
        String name = headerName(header, parameter);
        if (name != null) {
          headers.add(name);
        }
      }
    }
    return new IdempotentMethod(
        idempotent.required(),
        bodies,
        headers,
        ResolvableType.forMethodReturnType(method).as(ResponseEntity.class).getGeneric(0));
  }

  private static @Nullable String headerName(RequestHeader header, MethodParameter parameter) {
    if (!header.name().isEmpty()) {
      return header.name();
    }
    return header.value().isEmpty() ? parameter.getParameterName() : header.value();
  }

  /**
   * Returns the request's fingerprint: a SHA-256 over the HTTP method, the request URI, the request
   * parameters (sorted by name), the values of the headers the method reads, and each request body
   * argument as JSON, each length-prefixed.
   */
  String fingerprint(HttpServletRequest request, Object[] arguments, MessageBodies writer) {
    Fingerprint f = new Fingerprint();
    f.add(request.getMethod()).add(request.getRequestURI());
    Map<String, String[]> parameters = new TreeMap<>(request.getParameterMap());
    f.add(parameters.size());
    parameters.forEach(
        (name, values) -> {
          f.add(name).add(values.length);
          for (String value : values) {
            f.add(value);
          }
        });
    f.add(headers.size());
    for (String name : headers) {
      Enumeration<String> found = request.getHeaders(name);
      List<String> values = found == null ? List.of() : Collections.list(found);
      f.add(name).add(values.size());
      values.forEach(f::add);
    }
    f.add(bodies.size());
    for (MethodParameter body : bodies) {
      Object argument = arguments[body.getParameterIndex()];
      f.add(writer.jsonOrNull(argument, ResolvableType.forMethodParameter(body)));
    }
    return f.hex();
  }
}
