package dev.occ.spring.boot;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.transaction.LocalTransactionHandler;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Jdbi's transactions in a Spring application. Inside a Spring transaction on the DataSource, Jdbi
 * joins it: {@code inTransaction} runs the callback, begin and commit are Spring's to do, and a
 * rollback marks Spring's transaction rollback-only. Outside one, Jdbi's own local transactions in
 * their managed form: a handle is in a transaction only after it began one — never merely because
 * the pool hands out connections with auto-commit off, where Jdbi's default would take every handle
 * for "already in a transaction" and never commit {@code inTransaction}.
 */
final class SpringAwareTransactionHandler implements TransactionHandler {
  private final SpringCallerTransactions spring;
  private final DataSource dataSource;
  private final TransactionHandler local;

  SpringAwareTransactionHandler(DataSource dataSource) {
    this(new SpringCallerTransactions(dataSource), dataSource, LocalTransactionHandler.managed());
  }

  private SpringAwareTransactionHandler(
      SpringCallerTransactions spring, DataSource dataSource, TransactionHandler local) {
    this.spring = spring;
    this.dataSource = dataSource;
    this.local = local;
  }

  @Override
  public TransactionHandler specialize(Handle handle) throws SQLException {
    return new SpringAwareTransactionHandler(spring, dataSource, local.specialize(handle));
  }

  @Override
  public void begin(Handle handle) {
    if (!spring.isActive()) {
      local.begin(handle);
    }
  }

  @Override
  public void commit(Handle handle) {
    if (!spring.isActive()) {
      local.commit(handle);
    }
  }

  @Override
  public void rollback(Handle handle) {
    if (spring.isActive()) {
      if (TransactionSynchronizationManager.getResource(dataSource)
          instanceof ConnectionHolder holder) {
        holder.setRollbackOnly();
      }
      return;
    }
    local.rollback(handle);
  }

  @Override
  public boolean isInTransaction(Handle handle) {
    return spring.isActive() || local.isInTransaction(handle);
  }

  @Override
  public void savepoint(Handle handle, String name) {
    local.savepoint(handle, name);
  }

  @Override
  public void rollbackToSavepoint(Handle handle, String name) {
    local.rollbackToSavepoint(handle, name);
  }

  @Override
  public void releaseSavepoint(Handle handle, String name) {
    local.releaseSavepoint(handle, name);
  }

  @Override
  public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback)
      throws X {
    return spring.isActive() ? callback.withHandle(handle) : local.inTransaction(handle, callback);
  }

  @Override
  public <R, X extends Exception> R inTransaction(
      Handle handle, TransactionIsolationLevel level, HandleCallback<R, X> callback) throws X {
    return spring.isActive()
        ? callback.withHandle(handle)
        : local.inTransaction(handle, level, callback);
  }
}
