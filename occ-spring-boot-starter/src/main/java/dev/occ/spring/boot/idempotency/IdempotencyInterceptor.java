package dev.occ.spring.boot.idempotency;

import dev.occ.Occ;
import dev.occ.OutcomeUnknownException;
import dev.occ.spi.OccIntegration;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Runs an {@link Idempotent} handler method with its key: in one transaction it claims the key,
 * runs the method (whose {@code @Transactional} services join the transaction) and stores the
 * answer, or it replays the answer stored by an earlier request. The whole transaction is occ's
 * retry boundary: a transient error re-runs all of it, so the key is stored once, with the writes
 * of the attempt that committed. When occ proves that an attempt committed though the answer to its
 * COMMIT was lost, the answer stored with the key goes out as if nothing had happened.
 */
final class IdempotencyInterceptor implements MethodInterceptor {
  private final Supplier<IdempotencyKeyStore> store;
  private final Supplier<Occ> occ;
  private final MessageBodies bodies;
  private final ConcurrentMap<Method, IdempotentMethod> methods = new ConcurrentHashMap<>();

  /** Takes suppliers: the advisor is infrastructure, created before these beans exist. */
  IdempotencyInterceptor(
      Supplier<IdempotencyKeyStore> store, Supplier<Occ> occ, MessageBodies bodies) {
    this.store = store;
    this.occ = occ;
    this.bodies = bodies;
  }

  @Override
  public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
    HttpServletRequest request = currentRequest();
    if (request == null) {
      return invocation.proceed(); // called outside a web request: there is no key to honour
    }
    IdempotentMethod handler = methods.computeIfAbsent(specific(invocation), IdempotentMethod::of);
    String key = KeyHeader.keyOf(request, handler.required());
    if (key == null) {
      return invocation.proceed();
    }
    Call call =
        new Call(
            KeyHeader.callerOf(request),
            key,
            handler.fingerprint(request, invocation.getArguments(), bodies),
            handler);
    try {
      if (TransactionSynchronizationManager.isActualTransactionActive()) {
        // A caller's transaction is open: the key joins it, and its owner retries.
        return inTransaction(invocation, call);
      }
      if (!(invocation instanceof ProxyMethodInvocation proxied)) {
        throw new IllegalStateException(
            "@Idempotent needs Spring AOP's method invocation, got " + invocation);
      }
      try {
        // A clone walks the rest of the interceptor chain again on each attempt.
        return OccIntegration.of(occ.get())
            .retryTransaction(
                store.get().settings().table(),
                () -> inTransaction(proxied.invocableClone(), call));
      } catch (OutcomeUnknownException lost) {
        return answerOfCommitted(call, lost);
      }
    } catch (CheckedFailure failure) {
      throw failure.getCause() == null ? failure : failure.getCause();
    }
  }

  /**
   * The answer of a transaction that occ proved committed after its COMMIT's answer was lost: the
   * key's record committed with it, answer included, so the caller gets that answer now instead of
   * an unknown outcome it would have to ask about again. Anything short of a stored answer leaves
   * the outcome unknown.
   */
  private ResponseEntity<byte[]> answerOfCommitted(Call call, OutcomeUnknownException lost) {
    if (!Boolean.TRUE.equals(lost.committed())) {
      throw lost;
    }
    IdempotencyKeyStore keys = store.get();
    try {
      // claim() finds the committed record; were it missing, the claim it inserts instead is
      // rolled back by the exception.
      return keys.inTransaction(
              () ->
                  keys.claim(call.caller(), call.key(), call.fingerprint()).orElseThrow(() -> lost))
          .toEntity();
    } catch (RuntimeException unreadable) {
      if (unreadable != lost) {
        lost.addSuppressed(unreadable);
      }
      throw lost;
    }
  }

  private ResponseEntity<byte[]> inTransaction(MethodInvocation invocation, Call call) {
    IdempotencyKeyStore keys = store.get();
    return keys.inTransaction(
        () -> {
          Optional<StoredResponse> earlier =
              keys.claim(call.caller(), call.key(), call.fingerprint());
          if (earlier.isPresent()) {
            return earlier.get().toEntity();
          }
          if (!(proceed(invocation) instanceof ResponseEntity<?> answer)) {
            throw new IllegalStateException(
                "@Idempotent method returned no ResponseEntity: " + invocation.getMethod());
          }
          StoredResponse response = bodies.capture(answer, call.handler().answerBodyType());
          keys.complete(call.caller(), call.key(), response);
          // The first answer goes out as the bytes stored, so that a replay is the same answer.
          return response.toEntity();
        });
  }

  private static @Nullable Object proceed(MethodInvocation invocation) {
    try {
      return invocation.proceed();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new CheckedFailure(t);
    }
  }

  private static Method specific(MethodInvocation invocation) {
    Object target = invocation.getThis();
    return target == null
        ? invocation.getMethod()
        : AopUtils.getMostSpecificMethod(invocation.getMethod(), AopUtils.getTargetClass(target));
  }

  private static @Nullable HttpServletRequest currentRequest() {
    RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
    return attributes instanceof ServletRequestAttributes servlet ? servlet.getRequest() : null;
  }

  /**
   * One keyed request.
   *
   * @param caller whose key it is
   * @param key the key
   * @param fingerprint the request's fingerprint
   * @param handler the handler method
   */
  private record Call(String caller, String key, String fingerprint, IdempotentMethod handler) {}

  /**
   * Carries a checked exception of the handler through the transaction template, which rolls back
   * on unchecked ones only.
   */
  private static final class CheckedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CheckedFailure(Throwable cause) {
      super(cause);
    }
  }
}
