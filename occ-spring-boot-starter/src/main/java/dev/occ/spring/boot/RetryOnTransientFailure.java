package dev.occ.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Re-runs the annotated method (or every public method of the annotated class) in a fresh
 * transaction when a transient database error escapes it, by occ's retry policy. The retry sits
 * outside {@code @Transactional}: each attempt gets a new transaction. Version conflicts are never
 * retried. Without {@code @Transactional} on the same method, each attempt is just a new call.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RetryOnTransientFailure {}
