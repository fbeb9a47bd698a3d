package dev.occ.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy on 127.0.0.1 in front of a PostgreSQL server, for fault tests. It forwards every byte
 * both ways and, when told to:
 *
 * <ul>
 *   <li>cuts every open connection at once ({@link #cutAll()}), as a network failure would;
 *   <li>refuses new connections for a while ({@link #refuseNewConnections}: each is reset as soon
 *       as it is accepted) or swallows them ({@link #blackholeNewConnections}: accepted, never
 *       answered, reset when the window ends), as a server that is down or unreachable would;
 *   <li>for the next N COMMITs ({@link #dropNextCommits}), forwards the COMMIT to the server, lets
 *       the server answer it (so the transaction really is committed), and then resets the client's
 *       connection instead of relaying the answer: the client sees an I/O error with its COMMIT's
 *       outcome truly unknown.
 * </ul>
 *
 * <p>It reads the frontend protocol only as far as that needs: the startup packet, then typed
 * messages (one type byte and an int32 length). A COMMIT is a Query ('Q') message whose text is
 * COMMIT, or a Parse ('P') of COMMIT, or a Bind ('B') of a statement that was parsed as COMMIT
 * (pgjdbc prepares its COMMIT on the server after a few uses). It answers a client's SSLRequest
 * itself with "no", so connections through it are never encrypted.
 */
public final class PostgresProxy implements AutoCloseable {
  private static final Pattern URL =
      Pattern.compile("jdbc:postgresql://([^/:?,]+)(?::(\\d+))?(/.*)?");
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private enum NewConnections {
    FORWARD,
    REFUSE,
    BLACKHOLE
  }

  private final String targetHost;
  private final int targetPort;
  private final ServerSocket listener;
  private final Thread acceptor;
  private final ScheduledExecutorService timer;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final Set<Socket> swallowed = ConcurrentHashMap.newKeySet();
  private final AtomicInteger commitDropsArmed = new AtomicInteger();
  private final AtomicInteger commitsDropped = new AtomicInteger();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger turnedAway = new AtomicInteger();
  private volatile NewConnections newConnections = NewConnections.FORWARD;
  private volatile long windowEndsAt;
  private volatile boolean closed;

  private PostgresProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "pg-proxy-" + listener.getLocalPort() + "-timer"));
    this.acceptor = daemon(this::acceptLoop, "pg-proxy-" + listener.getLocalPort() + "-accept");
    this.acceptor.start();
  }

  /**
   * Starts a proxy to {@code host:port} on a free port of 127.0.0.1.
   *
   * @throws IOException if no port can be bound
   */
  public static PostgresProxy start(String host, int port) throws IOException {
    return new PostgresProxy(host, port);
  }

  /**
   * Starts a proxy to the server of a {@code jdbc:postgresql://host[:port]/…} URL.
   *
   * @throws IOException if no port can be bound
   * @throws IllegalArgumentException if the URL is not a single-host PostgreSQL URL
   */
  public static PostgresProxy inFrontOf(String jdbcUrl) throws IOException {
    Matcher m = parse(jdbcUrl);
    return start(m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)));
  }

  /** Returns the port the proxy listens on, on 127.0.0.1. */
  public int port() {
    return listener.getLocalPort();
  }

  /**
   * Returns the JDBC URL with its host and port replaced by the proxy's, and TLS off.
   *
   * @throws IllegalArgumentException if the URL is not a single-host PostgreSQL URL
   */
  public String url(String jdbcUrl) {
    Matcher m = parse(jdbcUrl);
    String rest = m.group(3) == null ? "/" : m.group(3);
    String url = "jdbc:postgresql://127.0.0.1:" + port() + rest;
    return url.contains("sslmode=")
        ? url
        : url + (url.contains("?") ? "&" : "?") + "sslmode=disable";
  }

  /** Resets every open connection at once, both ways; returns how many there were. */
  public int cutAll() {
    List<Link> open = List.copyOf(links);
    open.forEach(link -> link.close(true));
    return open.size();
  }

  /** Resets each new connection as soon as it is accepted, for the given time. */
  public void refuseNewConnections(Duration duration) {
    window(NewConnections.REFUSE, duration);
  }

  /**
   * Accepts new connections but never answers them, for the given time; they are reset when the
   * time is up.
   */
  public void blackholeNewConnections(Duration duration) {
    window(NewConnections.BLACKHOLE, duration);
  }

  /** Ends a refuse or blackhole window now: new connections are forwarded again. */
  public void acceptNewConnections() {
    newConnections = NewConnections.FORWARD;
    releaseSwallowed();
  }

  /**
   * Makes each of the next {@code count} COMMITs, on whatever connection, reach the server and be
   * answered there, while the client's connection is reset before it sees the answer.
   */
  public void dropNextCommits(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    commitDropsArmed.addAndGet(count);
  }

  /** Returns how many COMMITs armed by {@link #dropNextCommits} have not happened yet. */
  public int commitDropsPending() {
    return commitDropsArmed.get();
  }

  /** Returns how many connections were reset right after the server answered their COMMIT. */
  public int commitsDropped() {
    return commitsDropped.get();
  }

  /**
   * Waits until {@code count} COMMITs in all have been dropped.
   *
   * @return whether that happened before the timeout
   */
  public boolean awaitCommitsDropped(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (commitsDropped.get() < count) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(2);
    }
    return true;
  }

  /** Returns how many connections are open through the proxy now. */
  public int openConnections() {
    return links.size();
  }

  /** Returns how many connections the proxy has forwarded since it started. */
  public int connectionsForwarded() {
    return accepted.get();
  }

  /** Returns how many new connections were refused or swallowed. */
  public int connectionsTurnedAway() {
    return turnedAway.get();
  }

  /** Stops listening and resets every connection. */
  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    cutAll();
    releaseSwallowed();
    timer.shutdownNow();
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Matcher parse(String jdbcUrl) {
    Matcher m = URL.matcher(jdbcUrl);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a single-host jdbc:postgresql:// URL: " + jdbcUrl);
    }
    return m;
  }

  private void window(NewConnections mode, Duration duration) {
    long endsAt = System.nanoTime() + duration.toNanos();
    windowEndsAt = endsAt;
    newConnections = mode;
    timer.schedule(
        () -> {
          // A later window replaces this one; only the latest ends the mode.
          if (windowEndsAt == endsAt) {
            acceptNewConnections();
          }
        },
        duration.toNanos(),
        TimeUnit.NANOSECONDS);
  }

  private void releaseSwallowed() {
    for (Socket s : List.copyOf(swallowed)) {
      swallowed.remove(s);
      reset(s);
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      switch (newConnections) {
        case REFUSE -> {
          turnedAway.incrementAndGet();
          reset(client);
        }
        case BLACKHOLE -> {
          turnedAway.incrementAndGet();
          swallowed.add(client);
          if (newConnections == NewConnections.FORWARD) {
            // The window ended while this one was accepted: release it with the rest.
            releaseSwallowed();
          }
        }
        case FORWARD -> forward(client);
      }
    }
  }

  private void forward(Socket client) {
    Socket server = new Socket();
    try {
      server.connect(new InetSocketAddress(targetHost, targetPort), CONNECT_TIMEOUT_MILLIS);
      server.setTcpNoDelay(true);
      client.setTcpNoDelay(true);
    } catch (IOException e) {
      // The server is down: the client sees its connection reset, as it would without the proxy.
      closeQuietly(server);
      reset(client);
      return;
    }
    accepted.incrementAndGet();
    Link link = new Link(client, server);
    links.add(link);
    if (closed) {
      link.close(true);
      return;
    }
    link.start();
  }

  /** Takes one armed COMMIT drop, if any is left. */
  private boolean takeCommitDrop() {
    return commitDropsArmed.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Closes with RST rather than FIN: the peer sees "connection reset", as on a network fault. */
  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
    } catch (IOException e) {
      // Closed already.
    }
    closeQuietly(s);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // Nothing left to do with it.
    }
  }

  /** One client connection and its connection to the server, with a pump thread each way. */
  private final class Link {
    private final Socket client;
    private final Socket server;
    private final AtomicBoolean closedOnce = new AtomicBoolean();

    /** Set before the doomed COMMIT is forwarded; from then on nothing reaches the client. */
    private volatile boolean doomed;

    // Touched by the client-to-server pump only.
    private final Set<String> commitStatements = new HashSet<>();
    private boolean unnamedIsCommit;

    Link(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    void start() {
      String name = "pg-proxy-" + port() + "-" + client.getPort();
      daemon(this::clientToServer, name + "-up").start();
      daemon(this::serverToClient, name + "-down").start();
    }

    private void clientToServer() {
      try {
        DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream()));
        DataOutputStream out =
            new DataOutputStream(new BufferedOutputStream(server.getOutputStream()));
        if (!startup(in, out, client.getOutputStream())) {
          return;
        }
        for (PgWire.Message m = PgWire.read(in); m != null; m = PgWire.read(in)) {
          if (!doomed && isCommit(m) && takeCommitDrop()) {
            doomed = true;
          }
          m.writeTo(out);
          if (in.available() == 0) {
            out.flush();
          }
        }
      } catch (IOException | RuntimeException e) {
        // The link is gone, or cut on purpose.
      } finally {
        if (!doomed) {
          close(false);
        }
      }
    }

    /**
     * Forwards the startup phase; answers SSL and GSS encryption requests with "no" itself.
     *
     * @return whether typed messages follow (false for a cancel request or the end of the stream)
     */
    private boolean startup(DataInputStream in, DataOutputStream out, OutputStream toClient)
        throws IOException {
      while (true) {
        PgWire.StartupPacket p = PgWire.readStartup(in);
        if (p == null) {
          return false;
        }
        if (p.code() == PgWire.SSL_REQUEST || p.code() == PgWire.GSSENC_REQUEST) {
          toClient.write('N');
          toClient.flush();
          continue;
        }
        p.writeTo(out);
        out.flush();
        if (p.code() == PgWire.CANCEL_REQUEST) {
          // The server reads it and closes; wait for that rather than cut it short.
          in.transferTo(out);
          out.flush();
          return false;
        }
        return true;
      }
    }

    /** Returns whether the message starts (or is) the execution of a COMMIT. */
    private boolean isCommit(PgWire.Message m) {
      switch (m.type()) {
        case PgWire.QUERY:
          return PgWire.isCommit(m.string(0));
        case PgWire.PARSE:
          {
            String statement = m.string(0);
            boolean commit = PgWire.isCommit(m.string(1));
            if (statement.isEmpty()) {
              unnamedIsCommit = commit;
            } else if (commit) {
              commitStatements.add(statement);
            } else {
              commitStatements.remove(statement);
            }
            return commit;
          }
        case PgWire.BIND:
          {
            String statement = m.string(1);
            return statement.isEmpty() ? unnamedIsCommit : commitStatements.contains(statement);
          }
        default:
          return false;
      }
    }

    private void serverToClient() {
      boolean dropped = false;
      try {
        DataInputStream in = new DataInputStream(new BufferedInputStream(server.getInputStream()));
        DataOutputStream out =
            new DataOutputStream(new BufferedOutputStream(client.getOutputStream()));
        for (PgWire.Message m = PgWire.read(in); m != null; m = PgWire.read(in)) {
          if (doomed) {
            // Everything the server sends now answers the COMMIT; its end is ReadyForQuery, and
            // by then the server has committed.
            if (m.type() == PgWire.READY_FOR_QUERY) {
              dropped = true;
              commitsDropped.incrementAndGet();
              return;
            }
            continue;
          }
          m.writeTo(out);
          if (in.available() == 0) {
            out.flush();
          }
        }
      } catch (IOException | RuntimeException e) {
        // The link is gone, or cut on purpose.
      } finally {
        close(dropped || doomed);
      }
    }

    /** Closes both sockets; {@code abort} resets the client's instead of closing it cleanly. */
    void close(boolean abort) {
      if (!closedOnce.compareAndSet(false, true)) {
        return;
      }
      links.remove(this);
      if (abort) {
        reset(client);
      } else {
        closeQuietly(client);
      }
      // Never a reset towards the server: it would discard bytes still on their way to it.
      closeQuietly(server);
    }
  }
}
