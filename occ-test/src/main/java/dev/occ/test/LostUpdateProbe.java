package dev.occ.test;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs concurrent read-modify-write clients against one row through your {@link VersionedWrite} and
 * reports whether an acknowledged update was lost ({@link ProbeReport}). Each client reads the
 * row's version through your {@link VersionReader}, then writes as of that version, over and over.
 *
 * <p>By default the clients run in <em>lockstep</em>: in each round every client reads, all wait
 * until all have read, then all write. Every round therefore has all clients write as of the same
 * version, so code that lets the last write win is caught in the first round, on any machine,
 * whatever the scheduling; correct optimistic code acknowledges exactly one write per round and
 * reports the others as conflicts. {@link Builder#freeRunning()} lets clients run without waiting,
 * for throughput and for interleavings lockstep never produces.
 *
 * <pre>{@code
 * ProbeReport report = LostUpdateProbe.builder().clients(4).writesPerClient(20).build()
 *     .run(accountId, reader, write);
 * report.assertNoLostUpdates();
 * }</pre>
 *
 * <p>A probe is immutable and can run any number of times; each run uses threads of its own, named
 * {@code occ-probe-client-0}, {@code -1}, … for your logs.
 */
public final class LostUpdateProbe {
  /** Clients when none are set. */
  public static final int DEFAULT_CLIENTS = 4;

  /** Writes per client when none are set. */
  public static final int DEFAULT_WRITES_PER_CLIENT = 20;

  /** How long a run may take when no timeout is set. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private final int clients;
  private final int writesPerClient;
  private final boolean lockstep;
  private final Duration timeout;
  private final @Nullable LongSupplier retries;
  private final @Nullable FaultInjector faults;

  private LostUpdateProbe(Builder b) {
    if (b.clients < 2) {
      throw new IllegalArgumentException(
          "a lost update needs at least 2 clients, was " + b.clients);
    }
    if (b.writesPerClient < 1) {
      throw new IllegalArgumentException("writesPerClient must be >= 1, was " + b.writesPerClient);
    }
    if (b.timeout.isNegative() || b.timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + b.timeout);
    }
    this.clients = b.clients;
    this.writesPerClient = b.writesPerClient;
    this.lockstep = b.lockstep;
    this.timeout = b.timeout;
    this.retries = b.retries;
    this.faults = b.faults;
  }

  /** Creates a probe with the defaults: 4 clients, 20 writes each, lockstep, 60 s. */
  public static LostUpdateProbe create() {
    return builder().build();
  }

  /** Starts a probe from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this probe's settings. */
  public Builder toBuilder() {
    Builder b = builder().clients(clients).writesPerClient(writesPerClient).timeout(timeout);
    b.lockstep = lockstep;
    b.retries = retries;
    b.faults = faults;
    return b;
  }

  /** Returns the number of concurrent clients. */
  public int clients() {
    return clients;
  }

  /** Returns how many writes each client attempts. */
  public int writesPerClient() {
    return writesPerClient;
  }

  /** Returns whether clients run in lockstep rounds. */
  public boolean isLockstep() {
    return lockstep;
  }

  /** Returns how long a run may take before it is stopped and reported as hung. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Runs the clients against the row and returns what they saw; it does not assert (call {@link
   * ProbeReport#assertNoLostUpdates()}).
   *
   * @param id the row's id; the row must exist, at any version
   * @param reader reads the row's committed version
   * @param write one read-modify-write of the code under test
   * @throws IllegalStateException if the initial or final version cannot be read
   * @throws AssertionError if the run does not finish within the timeout (a client hangs), or a
   *     client throws an {@link Error}
   */
  public <K> ProbeReport run(K id, VersionReader<K> reader, VersionedWrite<K> write) {
    requireNonNull(id, "id");
    requireNonNull(reader, "reader");
    requireNonNull(write, "write");
    long initial = read(reader, id, "initial");
    Long retriesBefore = retries == null ? null : retries.getAsLong();
    Long faultsBefore = faults == null ? null : faults.injected();
    ProbeClients.Outcome outcome = ProbeClients.run(this, id, reader, write);
    long finalVersion = read(reader, id, "final");
    return new ProbeReport(
        this,
        initial,
        finalVersion,
        outcome.attempts(),
        outcome.failures(),
        retries == null || retriesBefore == null ? null : retries.getAsLong() - retriesBefore,
        faults == null || faultsBefore == null ? null : faults.injected() - faultsBefore,
        outcome.elapsed());
  }

  private static <K> long read(VersionReader<K> reader, K id, String which) {
    try {
      return reader.version(id);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("Could not read the row's " + which + " version: " + e, e);
    }
  }

  /** Builds a {@link LostUpdateProbe}; values are checked by {@link #build()}. */
  public static final class Builder {
    private int clients = DEFAULT_CLIENTS;
    private int writesPerClient = DEFAULT_WRITES_PER_CLIENT;
    private boolean lockstep = true;
    private Duration timeout = DEFAULT_TIMEOUT;
    private @Nullable LongSupplier retries;
    private @Nullable FaultInjector faults;

    private Builder() {}

    /** Sets the number of concurrent clients (at least 2). */
    public Builder clients(int n) {
      this.clients = n;
      return this;
    }

    /** Sets how many writes each client attempts (at least 1). */
    public Builder writesPerClient(int n) {
      this.writesPerClient = n;
      return this;
    }

    /** Lets clients read and write without waiting for each other (the default is lockstep). */
    public Builder freeRunning() {
      this.lockstep = false;
      return this;
    }

    /** Has clients read and write in lockstep rounds (the default). */
    public Builder lockstep() {
      this.lockstep = true;
      return this;
    }

    /** Sets how long a run may take before it is reported as hung. */
    public Builder timeout(Duration t) {
      this.timeout = requireNonNull(t, "timeout");
      return this;
    }

    /**
     * Counts retries during each run by the difference of the counter before and after, e.g. {@code
     * OccRetryCounter::count}.
     */
    public Builder retries(LongSupplier counter) {
      this.retries = requireNonNull(counter, "counter");
      return this;
    }

    /** Reports how many faults the injector fired during each run. */
    public Builder faults(FaultInjector injector) {
      this.faults = requireNonNull(injector, "injector");
      return this;
    }

    /**
     * Returns the immutable probe.
     *
     * @throws IllegalArgumentException if clients are fewer than 2, writes fewer than 1, or the
     *     timeout not positive
     */
    public LostUpdateProbe build() {
      return new LostUpdateProbe(this);
    }
  }
}
