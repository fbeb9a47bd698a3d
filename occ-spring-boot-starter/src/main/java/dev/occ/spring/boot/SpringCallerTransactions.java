package dev.occ.spring.boot;

import dev.occ.spi.CallerTransactions;
import javax.sql.DataSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells occ that a Spring-managed transaction is active on this thread and holds a connection of
 * occ's DataSource — the connection occ's Jdbi will be handed. occ then runs once in it and leaves
 * commit, rollback and retry to Spring ({@code @Transactional}, {@code TransactionTemplate}, {@code
 * REQUIRES_NEW} alike). A transaction on another DataSource does not count: occ's writes would not
 * be part of it.
 */
final class SpringCallerTransactions implements CallerTransactions {
  private final DataSource dataSource;

  SpringCallerTransactions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public boolean isActive() {
    return TransactionSynchronizationManager.isActualTransactionActive()
        && TransactionSynchronizationManager.hasResource(dataSource);
  }
}
