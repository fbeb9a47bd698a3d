package dev.occ.spring.boot;

import dev.occ.Occ;
import dev.occ.TransientFailureException;
import dev.occ.internal.TransientErrors;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.ProxyMethodInvocation;

/**
 * Re-runs a {@link RetryOnTransientFailure} method through occ's resilience4j Retry. It is ordered
 * before Spring's transaction interceptor, so each attempt runs in a transaction of its own.
 */
final class TransientFailureRetryInterceptor implements MethodInterceptor {
  private final Supplier<Occ> occ;

  /** Takes a supplier: the advisor is infrastructure, created before the Occ bean exists. */
  TransientFailureRetryInterceptor(Supplier<Occ> occ) {
    this.occ = occ;
  }

  @Override
  public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
    if (!(invocation instanceof ProxyMethodInvocation proxied)) {
      return invocation.proceed(); // cannot be re-entered safely
    }
    Occ occ = this.occ.get();
    AtomicInteger attempts = new AtomicInteger();
    try {
      return occ.retry().executeCallable(() -> attempt(proxied, attempts));
    } catch (WrappedThrowable w) {
      throw w.getCause() == null ? w : w.getCause();
    } catch (Exception e) {
      if (occ.isTransient(e)) {
        throw exhausted(invocation, e, attempts.get());
      }
      throw e;
    }
  }

  private static @Nullable Object attempt(ProxyMethodInvocation invocation, AtomicInteger attempts)
      throws Exception {
    attempts.incrementAndGet();
    try {
      // A clone walks the rest of the interceptor chain (the transaction) again.
      return invocation.invocableClone().proceed();
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new WrappedThrowable(t);
    }
  }

  private static TransientFailureException exhausted(MethodInvocation invocation, Exception e, int attempts) {
    if (e instanceof TransientFailureException inner) {
      return new TransientFailureException(
          inner.table(), inner.sqlState(), inner.vendorCode(), attempts, e);
    }
    SQLException sql = TransientErrors.firstSqlException(e);
    return new TransientFailureException(
        invocation.getMethod().getDeclaringClass().getSimpleName(),
        sql == null ? null : sql.getSQLState(),
        sql == null ? 0 : sql.getErrorCode(),
        attempts,
        e);
  }

  /** Carries a non-Exception throwable through the Callable the retry runs. */
  private static final class WrappedThrowable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WrappedThrowable(Throwable cause) {
      super(cause);
    }
  }
}
