package dev.occ.spring.boot;

import dev.occ.Occ;
import dev.occ.spi.OccIntegration;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Re-runs a {@link RetryOnTransientFailure} method through {@link OccIntegration#retryTransaction}.
 * It is ordered before Spring's transaction interceptor, so each attempt runs in a transaction of
 * its own, and it retries only where no transaction is active yet: the outermost transaction
 * boundary.
 */
final class TransientFailureRetryInterceptor implements MethodInterceptor {
  /** The table tag of a retry whose failure names no table, as {@link Occ#inTransaction} uses. */
  private static final String TRANSACTION = "transaction";

  private final Supplier<Occ> occ;

  /** Takes a supplier: the advisor is infrastructure, created before the Occ bean exists. */
  TransientFailureRetryInterceptor(Supplier<Occ> occ) {
    this.occ = occ;
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
    try {
      // A clone walks the rest of the interceptor chain (the transaction) again.
      return OccIntegration.of(occ.get())
          .retryTransaction(TRANSACTION, () -> proceed(proxied.invocableClone()));
    } catch (WrappedThrowable w) {
      throw w.getCause() == null ? w : w.getCause();
    }
  }

  private static @Nullable Object proceed(MethodInvocation invocation) throws Exception {
    try {
      return invocation.proceed();
    } catch (TransactionSystemException e) {
      // When the connection broke, Spring's rollback fails too and its error (without a SQLState,
      // behind a pool: "Connection is closed") replaces the method's own: hand occ the failure
      // that happened, with the rollback's attached, so a lost connection is seen as one.
      if (e.getApplicationException() instanceof Exception original && original != e) {
        original.addSuppressed(e);
        throw original;
      }
      throw e;
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new WrappedThrowable(t);
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
