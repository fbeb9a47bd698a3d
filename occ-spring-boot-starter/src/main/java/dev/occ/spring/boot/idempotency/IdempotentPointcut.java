package dev.occ.spring.boot.idempotency;

import java.lang.reflect.Method;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.ResponseEntity;

/**
 * Matches {@link Idempotent} methods, and refuses one that does not return a {@code ResponseEntity}
 * when its bean is created: its answer could not be replayed with its status.
 */
final class IdempotentPointcut extends StaticMethodMatcherPointcut {
  @Override
  public boolean matches(Method method, Class<?> targetClass) {
    Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
    if (!AnnotatedElementUtils.hasAnnotation(specific, Idempotent.class)) {
      return false;
    }
    if (!ResponseEntity.class.isAssignableFrom(specific.getReturnType())) {
      throw new IllegalStateException(
          "@Idempotent needs a method that returns ResponseEntity, so that its answer can be sent"
              + " again with its status and headers: "
              + specific);
    }
    return true;
  }
}
