package dev.occ.internal;

import java.time.Duration;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out what became of a transaction whose answer to COMMIT was lost with its connection. On
 * PostgreSQL (10 and later) the server keeps the commit status of recent transactions: {@code
 * txid_status} answers {@code committed}, {@code aborted} or {@code in progress} for the id a write
 * handed back. occ asks on a fresh connection until the server answers or the time is up; a server
 * that is still restarting is asked again after a short pause.
 */
final class CommitOutcomes {
  private static final Logger log = LoggerFactory.getLogger(CommitOutcomes.class);

  /** What became of the transaction. */
  enum Resolution {
    COMMITTED,
    ROLLED_BACK,
    UNKNOWN
  }

  private static final long FIRST_PAUSE_MILLIS = 50;
  private static final long MAX_PAUSE_MILLIS = 500;

  private final Jdbi jdbi;
  private final Duration timeout;

  CommitOutcomes(Jdbi jdbi, Duration timeout) {
    this.jdbi = jdbi;
    this.timeout = timeout;
  }

  /**
   * Asks the database what became of the transaction, for at most the configured time.
   *
   * @param transactionId the id a write handed back, or null if none did (then nothing can be
   *     proven)
   */
  Resolution resolve(@Nullable Long transactionId) {
    if (transactionId == null || timeout.isZero()) {
      return Resolution.UNKNOWN;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = FIRST_PAUSE_MILLIS;
    while (true) {
      Optional<String> status = Optional.empty();
      boolean answered = false;
      try (Handle h = jdbi.open()) {
        status =
            h.createQuery("SELECT txid_status(:id)")
                .bind("id", transactionId.longValue())
                .mapTo(String.class)
                .findOne();
        answered = true;
      } catch (RuntimeException e) {
        log.debug(
            "Could not ask for the status of transaction {} yet: {}", transactionId, e.toString());
      }
      if (answered) {
        String s = status.orElse(null);
        if ("committed".equals(s)) {
          return Resolution.COMMITTED;
        }
        if ("aborted".equals(s)) {
          return Resolution.ROLLED_BACK;
        }
        if (s == null) {
          // Too old to be known, or from another server: nothing can be proven.
          return Resolution.UNKNOWN;
        }
        // "in progress": the server has not finished with the session that lost its client.
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Resolution.UNKNOWN;
      }
      try {
        Thread.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Resolution.UNKNOWN;
      }
      pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
    }
  }
}
