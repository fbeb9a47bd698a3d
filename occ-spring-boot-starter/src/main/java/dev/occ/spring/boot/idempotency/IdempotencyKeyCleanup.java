package dev.occ.spring.boot.idempotency;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Deletes expired idempotency keys on a schedule of its own, off the request path: every {@code
 * cleanupInterval}, in batches through the index on the expiry column. It runs only in an
 * application that has {@link Idempotent} handler methods.
 */
public final class IdempotencyKeyCleanup implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyCleanup.class);

  private final IdempotencyKeyStore store;
  private final BooleanSupplier needed;
  private @Nullable ScheduledExecutorService executor;

  /**
   * Creates the cleanup.
   *
   * @param store the key table
   * @param needed says at startup whether the application has idempotent handler methods
   */
  IdempotencyKeyCleanup(IdempotencyKeyStore store, BooleanSupplier needed) {
    this.store = store;
    this.needed = needed;
  }

  @Override
  public synchronized void start() {
    Duration interval = store.settings().cleanupInterval();
    if (executor != null || interval.isZero() || !needed.getAsBoolean()) {
      return;
    }
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "occ-idempotency-cleanup");
              thread.setDaemon(true);
              return thread;
            });
    long millis = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::runOnce, millis, millis, TimeUnit.MILLISECONDS);
    executor = scheduler;
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }

  /** Deletes the expired keys now; a failure is logged, and the next run tries again. */
  void runOnce() {
    try {
      int deleted = store.deleteExpired();
      log.debug("Deleted {} expired idempotency keys from {}", deleted, store.settings().table());
    } catch (RuntimeException e) {
      // An exception would end the schedule for good.
      log.warn(
          "Could not delete expired idempotency keys from {}; trying again in {}",
          store.settings().table(),
          store.settings().cleanupInterval(),
          e);
    }
  }
}
