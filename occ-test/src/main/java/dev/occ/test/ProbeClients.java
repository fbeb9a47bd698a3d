package dev.occ.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** The clients of one {@link LostUpdateProbe} run: their threads, their rounds, what they did. */
final class ProbeClients {
  /** Threads of a run are named with this prefix and the client's number. */
  static final String THREAD_PREFIX = "occ-probe-client-";

  /** What all clients did, and how long they took from the start signal to the last one's end. */
  record Outcome(
      List<ProbeReport.Attempt> attempts, List<ProbeReport.Failure> failures, Duration elapsed) {}

  private ProbeClients() {}

  /**
   * Runs the probe's clients to the end.
   *
   * @throws AssertionError if they do not finish in time, or a client throws an {@link Error}
   */
  static <K> Outcome run(
      LostUpdateProbe probe, K id, VersionReader<K> reader, VersionedWrite<K> write) {
    int clients = probe.clients();
    long deadline = System.nanoTime() + probe.timeout().toNanos();
    Rounds rounds =
        new Rounds(
            probe.isLockstep() ? new CyclicBarrier(clients) : null,
            new CountDownLatch(1),
            deadline);
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            clients,
            r -> {
              Thread t = new Thread(r, THREAD_PREFIX + threadNumber.getAndIncrement());
              t.setDaemon(true);
              return t;
            });
    List<ProbeReport.Attempt> attempts = new ArrayList<>();
    List<ProbeReport.Failure> failures = new ArrayList<>();
    long started;
    try {
      CompletionService<Log> done = new ExecutorCompletionService<>(pool);
      for (int c = 0; c < clients; c++) {
        int client = c;
        done.submit(() -> client(client, probe.writesPerClient(), id, reader, write, rounds));
      }
      started = System.nanoTime();
      rounds.start().countDown();
      for (Log log : collect(done, clients, pool, deadline, probe.timeout())) {
        attempts.addAll(log.attempts);
        failures.addAll(log.failures);
      }
    } finally {
      pool.shutdownNow();
    }
    return new Outcome(attempts, failures, Duration.ofNanos(System.nanoTime() - started));
  }

  /**
   * Waits for every client. The first one to fail stops the others (they are interrupted where they
   * wait), and its failure is the one reported: the others only failed because of it.
   */
  private static List<Log> collect(
      CompletionService<Log> done,
      int clients,
      ExecutorService pool,
      long deadline,
      Duration timeout) {
    List<Log> logs = new ArrayList<>();
    Throwable failure = null;
    for (int i = 0; i < clients; i++) {
      Future<Log> f;
      try {
        f = done.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the probe ran", e);
      }
      if (f == null) {
        throw new AssertionError(
            "The probe's clients did not finish within "
                + timeout
                + ": a write or read hangs"
                + " (a lock never released, a pool without free connections?)"
                + (failure == null ? "" : "; first failure: " + failure),
            failure);
      }
      try {
        logs.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the probe ran", e);
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause();
          pool.shutdownNow();
        }
      }
    }
    if (failure instanceof Stopped stopped) {
      throw new AssertionError(stopped.getMessage(), stopped.getCause());
    }
    if (failure != null) {
      throw new AssertionError("A probe client failed: " + failure, failure);
    }
    return logs;
  }

  private static <K> Log client(
      int client, int writes, K id, VersionReader<K> reader, VersionedWrite<K> write, Rounds rounds)
      throws InterruptedException {
    Log log = new Log();
    rounds.start().await();
    for (int n = 0; n < writes; n++) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("stopped: another client failed");
      }
      rounds.meet(); // everyone finished the previous round's write
      Long expected = null;
      try {
        expected = reader.version(id);
      } catch (Exception e) {
        restoreInterrupt(e);
        log.failures.add(new ProbeReport.Failure(client, n, true, e));
      }
      rounds.meet(); // everyone has read: all write as of what they read
      if (expected == null) {
        continue;
      }
      try {
        WriteResult result = write.write(id, expected);
        if (result == null) {
          throw new NullPointerException("the VersionedWrite returned null, not a WriteResult");
        }
        log.attempts.add(new ProbeReport.Attempt(client, n, expected, result));
      } catch (Exception e) {
        restoreInterrupt(e);
        log.failures.add(new ProbeReport.Failure(client, n, false, e));
      }
    }
    return log;
  }

  private static void restoreInterrupt(Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
  }

  /** What one client did. */
  private static final class Log {
    final List<ProbeReport.Attempt> attempts = new ArrayList<>();
    final List<ProbeReport.Failure> failures = new ArrayList<>();
  }

  /** The start signal and, in lockstep, the barrier the clients meet at twice a round. */
  private record Rounds(@Nullable CyclicBarrier barrier, CountDownLatch start, long deadline) {
    void meet() throws InterruptedException {
      if (barrier == null) {
        return;
      }
      try {
        barrier.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        throw new Stopped("The probe's clients did not meet in time: a write or read hangs", e);
      } catch (BrokenBarrierException e) {
        throw new Stopped("Another probe client stopped, so this one cannot go on", e);
      }
    }
  }

  /** A client that could not go on because its round could not complete. */
  private static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
