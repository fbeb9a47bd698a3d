package dev.occ.spring.boot.idempotency;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Honours the {@code Idempotency-Key} request header on a Spring MVC handler method that returns a
 * {@code ResponseEntity}: the first request with a key runs the method and stores its answer in the
 * same database transaction as the method's writes; a repeat of it (same caller, key and payload)
 * gets that answer back without running the method again.
 *
 * <p>Keys belong to a caller (the request's authenticated principal, else one anonymous caller).
 * The payload is identified by a SHA-256 fingerprint of the HTTP method, the request URI, the
 * request parameters (query string and form fields), the values of the headers the method takes
 * with {@code @RequestHeader}, and each {@code @RequestBody} argument as the application's message
 * converters write it as JSON. The same key with another payload is answered 422 ({@link
 * IdempotencyKeyReusedException}), the same key while its first request is still running 409
 * ({@link IdempotencyKeyInUseException}), a malformed key 400 ({@link
 * InvalidIdempotencyKeyException}).
 *
 * <p>Only answers the method returns are stored; when it throws, its transaction rolls back, no key
 * is kept and the exception goes on to the application's exception handlers, so the request may be
 * sent again.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Idempotent {
  /**
   * Whether a request without an {@code Idempotency-Key} is refused with 400; by default it runs
   * like any other request.
   */
  boolean required() default false;
}
