package dev.occ.spring.boot;

import dev.occ.spi.OccIntegration;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;

/**
 * Tells occ's retry boundary ({@link RetryOnTransientFailure}) when Spring begins a transaction and
 * when it is about to send COMMIT, so that a lost connection is told apart: before COMMIT the
 * transaction rolled back with the connection and the method is run again; after it, occ first
 * finds out whether the transaction committed (see {@link dev.occ.OutcomeUnknownException}).
 *
 * <p>Spring Boot adds every {@link TransactionExecutionListener} bean to the transaction manager it
 * configures. An application that defines its own transaction manager adds this listener itself
 * ({@code addListener}); without it a lost connection is never retried, only reported.
 */
public final class CommitTrackingListener implements TransactionExecutionListener {

  @Override
  public void afterBegin(TransactionExecution transaction, @Nullable Throwable beginFailure) {
    if (beginFailure == null) {
      OccIntegration.transactionBegan();
    }
  }

  @Override
  public void beforeCommit(TransactionExecution transaction) {
    OccIntegration.commitStarting();
  }

  @Override
  public void afterCommit(TransactionExecution transaction, @Nullable Throwable commitFailure) {
    if (commitFailure == null) {
      OccIntegration.commitSucceeded();
    }
  }
}
