package dev.occ.example.shop.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy between the app and its database that a test can cut, take down and bring back, so
 * that the app sees a network failure or a database outage while the shared server stays up. It
 * forwards bytes and knows nothing of the protocol.
 */
public final class TcpProxy implements AutoCloseable {
  private static final Pattern HOST_PORT =
      Pattern.compile("^(jdbc:[a-z]+://)([^/:?]+)(?::(\\d+))?");
  private static final int CONNECT_TIMEOUT_MS = 2000;

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Set<Pair> open = ConcurrentHashMap.newKeySet();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "tcp-proxy");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean down;

  private TcpProxy(ServerSocket server, InetSocketAddress target) {
    this.server = server;
    this.target = target;
    threads.execute(this::acceptLoop);
  }

  /** Starts a proxy on a free local port in front of {@code host:port}. */
  public static TcpProxy start(String host, int port) {
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      return new TcpProxy(server, new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a proxy in front of the server of a JDBC URL such as {@code jdbc:postgresql://h:p/db}.
   */
  public static TcpProxy inFrontOf(String jdbcUrl) {
    Matcher m = HOST_PORT.matcher(jdbcUrl);
    if (!m.find()) {
      throw new IllegalArgumentException("no host in " + jdbcUrl);
    }
    return start(m.group(2), m.group(3) == null ? 5432 : Integer.parseInt(m.group(3)));
  }

  /** Returns the JDBC URL with its host and port replaced by the proxy's. */
  public String route(String jdbcUrl) {
    Matcher m = HOST_PORT.matcher(jdbcUrl);
    if (!m.find()) {
      throw new IllegalArgumentException("no host in " + jdbcUrl);
    }
    return m.group(1) + "127.0.0.1:" + server.getLocalPort() + jdbcUrl.substring(m.end());
  }

  /** Closes every connection that passes through the proxy now, as a network failure would. */
  public void cut() {
    open.forEach(Pair::close);
  }

  /**
   * Closes the one connection whose database side comes from {@code localPort} (what PostgreSQL
   * shows as the session's {@code client_port}).
   *
   * @throws IllegalStateException if no open connection has that port
   */
  public void cut(int localPort) {
    Pair pair =
        open.stream()
            .filter(p -> p.upstream.getLocalPort() == localPort)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no connection from port " + localPort));
    pair.close();
  }

  /**
   * The database goes away: open connections are cut and new ones are closed as soon as they are
   * accepted, until {@link #up()}.
   */
  public void down() {
    down = true;
    cut();
  }

  /** The database is back: new connections reach it again. */
  public void up() {
    down = false;
  }

  @Override
  public void close() {
    down = true;
    closeQuietly(server);
    cut();
    threads.shutdownNow();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      if (down) {
        closeQuietly(client);
        continue;
      }
      threads.execute(() -> connect(client));
    }
  }

  private void connect(Socket client) {
    Socket upstream = new Socket();
    try {
      upstream.connect(target, CONNECT_TIMEOUT_MS);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(upstream);
      return;
    }
    Pair pair = new Pair(client, upstream);
    open.add(pair);
    if (down) {
      // Accepted just before the database went away.
      pair.close();
      return;
    }
    threads.execute(() -> pump(pair, client, upstream));
    pump(pair, upstream, client);
  }

  /** Copies one direction until either side closes, then closes both. */
  private void pump(Pair pair, Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // One side is gone: the other goes too, below.
    } finally {
      pair.close();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // Closing is all that is asked for.
    }
  }

  /** One proxied connection: the app's side and the database's side. */
  private final class Pair {
    final Socket client;
    final Socket upstream;

    Pair(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void close() {
      open.remove(this);
      closeQuietly(client);
      closeQuietly(upstream);
    }
  }
}
