package dev.occ.spi;

/**
 * Tells occ whether the current thread is inside a transaction that someone else began and will
 * end, on the connection that occ's Jdbi hands out — Spring's {@code @Transactional}, for one. occ
 * then runs its statements once in that transaction and leaves commit, rollback and retry to its
 * owner. The Spring Boot starter supplies one; without it occ knows only Jdbi's own transactions.
 */
@FunctionalInterface
public interface CallerTransactions {
  /** Knows of no framework transactions: only Jdbi's handle scope counts. */
  CallerTransactions NONE = () -> false;

  /** Returns whether a transaction begun by someone else is active on this thread. */
  boolean isActive();
}
