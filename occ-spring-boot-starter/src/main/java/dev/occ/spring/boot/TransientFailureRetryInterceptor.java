package dev.occ.spring.boot;

import dev.occ.Occ;
import dev.occ.OccListener;
import dev.occ.TransientFailureException;
import dev.occ.internal.TransientErrors;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.function.SingletonSupplier;

/**
 * Re-runs a {@link RetryOnTransientFailure} method through occ's resilience4j Retry. It is ordered
 * before Spring's transaction interceptor, so each attempt runs in a transaction of its own, and it
 * retries only where no transaction is active yet: the outermost transaction boundary.
 */
final class TransientFailureRetryInterceptor implements MethodInterceptor {
  /** The table tag of a retry whose failure names no table, as {@link Occ#inTransaction} uses. */
  private static final String TRANSACTION = "transaction";

  private final Supplier<Retrying> retrying;

  /** Takes suppliers: the advisor is infrastructure, created before the Occ bean exists. */
  TransientFailureRetryInterceptor(Supplier<Occ> occ, Supplier<OccListener> listener) {
    this.retrying = SingletonSupplier.of(() -> new Retrying(occ.get(), listener.get()));
  }

  @Override
  public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      // A caller's transaction is open: re-running this method inside it cannot undo what the
      // transaction did (it may be aborted already), so the caller's own boundary must retry.
      return invocation.proceed();
    }
    if (!(invocation instanceof ProxyMethodInvocation proxied)) {
      throw new IllegalStateException(
          "@RetryOnTransientFailure needs Spring AOP's method invocation, got " + invocation);
    }
    return retrying.get().invoke(proxied);
  }

  /** The retry state that needs the Occ bean, built on first use. */
  private record Retrying(Occ occ, OccListener listener, TransientErrors errors) {
    Retrying(Occ occ, OccListener listener) {
      this(occ, listener, new TransientErrors(occ.retryPolicy()));
    }

    @Nullable Object invoke(ProxyMethodInvocation invocation) throws Throwable {
      AtomicInteger attempts = new AtomicInteger();
      AtomicReference<@Nullable Throwable> last = new AtomicReference<>();
      try {
        return occ.retry().executeCallable(() -> attempt(invocation, attempts, last));
      } catch (WrappedThrowable w) {
        throw w.getCause() == null ? w : w.getCause();
      } catch (Exception e) {
        if (errors.isTransient(e)) {
          throw exhausted(e, attempts.get());
        }
        throw e;
      }
    }

    private @Nullable Object attempt(
        ProxyMethodInvocation invocation,
        AtomicInteger attempts,
        AtomicReference<@Nullable Throwable> last)
        throws Exception {
      int attempt = attempts.incrementAndGet();
      Throwable previous = last.get();
      String reason = previous == null ? null : errors.reason(previous);
      if (previous != null && reason != null) {
        listener.retrying(table(previous), reason, attempt);
      }
      try {
        // A clone walks the rest of the interceptor chain (the transaction) again.
        return invocation.invocableClone().proceed();
      } catch (Exception | Error e) {
        last.set(e);
        throw e;
      } catch (Throwable t) {
        throw new WrappedThrowable(t);
      }
    }

    private static String table(Throwable failure) {
      return failure instanceof TransientFailureException tfe ? tfe.table() : TRANSACTION;
    }

    private static TransientFailureException exhausted(Exception e, int attempts) {
      if (e instanceof TransientFailureException inner) {
        return new TransientFailureException(
            inner.table(), inner.sqlState(), inner.vendorCode(), attempts, e);
      }
      SQLException sql = TransientErrors.firstSqlException(e);
      return new TransientFailureException(
          TRANSACTION,
          sql == null ? null : sql.getSQLState(),
          sql == null ? 0 : sql.getErrorCode(),
          attempts,
          e);
    }
  }

  /** Carries a throwable that is neither an Exception nor an Error through the retried Callable. */
  private static final class WrappedThrowable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WrappedThrowable(Throwable cause) {
      super(cause);
    }
  }
}
