package dev.occ.example.shop.appointments;

import dev.occ.OutcomeUnknownException;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs work in a Spring transaction and reports a commit whose answer was lost as {@link
 * OutcomeUnknownException}, never as an ordinary failure.
 *
 * <p>Spring cannot say so itself: when the connection breaks during COMMIT, HikariCP marks it
 * broken, Spring's rollback after the failed commit fails too, and the rollback's exception
 * ("JDBC rollback failed") replaces the commit's, exactly as when the connection broke before
 * COMMIT and nothing was saved. What tells the two apart is Spring's own bookkeeping: it ends a
 * transaction with {@link TransactionSynchronization#STATUS_UNKNOWN} when it cannot tell, and only
 * here do we know whether COMMIT was under way at that moment.
 */
@Component
public class CommitWatch {
  private final TransactionTemplate transactions;

  /** Creates the watch on the application's transaction manager, with its defaults. */
  public CommitWatch(PlatformTransactionManager transactionManager) {
    this.transactions = new TransactionTemplate(transactionManager);
  }

  /**
   * Runs the work in a new transaction, or in the caller's if one is active (whose owner then
   * answers for the commit).
   *
   * @param table the table the work writes, for the exception
   * @throws OutcomeUnknownException if the connection broke while COMMIT was under way
   */
  public <T> T inTransaction(String table, Supplier<T> work) {
    Watch watch = new Watch();
    try {
      return transactions.execute(
          status -> {
            if (status.isNewTransaction()) {
              TransactionSynchronizationManager.registerSynchronization(watch);
            }
            return work.get();
          });
    } catch (RuntimeException e) {
      if (watch.outcomeUnknown) {
        throw new OutcomeUnknownException(table, null, e);
      }
      throw e;
    }
  }

  /** Notes that COMMIT began, and how the transaction ended. */
  private static final class Watch implements TransactionSynchronization {
    private boolean committing;
    private boolean outcomeUnknown;

    @Override
    public void beforeCommit(boolean readOnly) {
      committing = true;
    }

    @Override
    public void afterCompletion(int status) {
      // STATUS_UNKNOWN without a commit under way is a failed rollback: nothing was committed.
      outcomeUnknown = committing && status == STATUS_UNKNOWN;
    }
  }
}
