package dev.occ.spring.boot.idempotency.it;

import dev.occ.spring.boot.RetryOnTransientFailure;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes notes, as a user's service would ({@code @Transactional} with occ's retry), and lets a
 * test count the handler's runs, make it fail, or hold it inside its transaction.
 */
@Service
public class Notes {
  private final Jdbi jdbi;
  private final AtomicLong ids = new AtomicLong();
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  private final AtomicBoolean failNext = new AtomicBoolean();
  private volatile CountDownLatch entered = new CountDownLatch(0);
  private volatile CountDownLatch release = new CountDownLatch(0);

  public Notes(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Inserts a note and returns its id. */
  @Transactional
  @RetryOnTransientFailure
  public long create(String content) {
    long id = ids.incrementAndGet();
    jdbi.useHandle(h -> h.execute("INSERT INTO notes (id, content) VALUES (?, ?)", id, content));
    return id;
  }

  /** Returns how many notes hold the content, committed. */
  public int count(String content) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COUNT(*) FROM notes WHERE content = :content")
                .bind("content", content)
                .mapTo(Integer.class)
                .one());
  }

  /** Counts a run of the handler for the content. */
  void ran(String content) {
    runs.computeIfAbsent(content, c -> new AtomicInteger()).incrementAndGet();
  }

  /** Returns how often the handler ran for the content. */
  public int runs(String content) {
    AtomicInteger n = runs.get(content);
    return n == null ? 0 : n.get();
  }

  /** Makes the next run of the handler throw after it wrote its note. */
  public void failNext() {
    failNext.set(true);
  }

  boolean shouldFail() {
    return failNext.getAndSet(false);
  }

  /** Makes the next run of the handler wait, after it wrote its note, until {@link #release}. */
  public void holdNext() {
    release = new CountDownLatch(1);
    entered = new CountDownLatch(1);
  }

  /** Waits until a held run is inside the handler. */
  public boolean awaitHeld() throws InterruptedException {
    return entered.await(30, TimeUnit.SECONDS);
  }

  /** Lets a held run finish. */
  public void release() {
    release.countDown();
  }

  void holdIfAsked() {
    if (entered.getCount() > 0) {
      entered.countDown();
      try {
        if (!release.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("held run was never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
