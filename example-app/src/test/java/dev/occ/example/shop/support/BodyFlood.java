package dev.occ.example.shop.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Sends one request with a large body over a raw socket and counts how much of the body the server
 * let through: the client writes until the server closes the connection or the body is all sent,
 * and reads the answer at the same time.
 *
 * <p>Bytes the client managed to send are an upper bound of the bytes the server read: what it did
 * not read stays in the two sockets' buffers. The client's send buffer is kept small so that the
 * bound is tight, and the server's receive window only grows while the server reads.
 */
public final class BodyFlood {
  private static final int PIECE = 8 * 1024;
  private static final int SEND_BUFFER = 16 * 1024;
  private static final long WAIT_SECONDS = 60;

  private final int port;
  private final @Nullable String authorization;

  /** Sends requests signed with this Authorization header (null: none). */
  public BodyFlood(int port, @Nullable String authorization) {
    this.port = port;
    this.authorization = authorization;
  }

  /**
   * What came of a request.
   *
   * @param status the answer's status, or -1 if none came
   * @param head the status line and headers as received
   * @param body the answer's body as received (chunk sizes included if it was chunked)
   * @param sentBeforeAnswer body bytes the client had sent when the first byte of the answer came
   * @param sentInAll body bytes the client had sent when the server closed or the body ended
   * @param bodyLength the bytes the body would have had
   */
  public record Outcome(
      int status,
      String head,
      String body,
      long sentBeforeAnswer,
      long sentInAll,
      long bodyLength) {
    /** Returns whether the server said it closes the connection. */
    public boolean closes() {
      return head.toLowerCase(Locale.ROOT).contains("\r\nconnection: close");
    }
  }

  /**
   * Sends {@code method path} with a body of {@code bodyLength} bytes, chunked or with a
   * Content-Length, and waits for the answer and for the server to close the connection. The body
   * is {@code prefix} followed by as many {@code a} as it takes, so that a parser of the content
   * type reads on rather than failing at the first byte ({@code a=} for a form, <code>
   * {"pad":"</code> for JSON).
   */
  public Outcome send(
      String method,
      String path,
      @Nullable String contentType,
      String prefix,
      long bodyLength,
      boolean chunked) {
    Socket socket = new Socket();
    try {
      socket.setSendBufferSize(SEND_BUFFER);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
      if (authorization != null) {
        head.append("Authorization: ").append(authorization).append("\r\n");
      }
      head.append("Host: localhost\r\n");
      // The server answers and closes whether or not it read the body: nothing waits for a
      // keep-alive timeout.
      head.append("Connection: close\r\n");
      if (contentType != null) {
        head.append("Content-Type: ").append(contentType).append("\r\n");
      }
      head.append(
          chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + bodyLength + "\r\n");
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();

      AtomicLong sent = new AtomicLong();
      Thread writer =
          new Thread(() -> writeBody(out, prefix, bodyLength, chunked, sent), "body-flood");
      writer.setDaemon(true);
      writer.start();
      Answer answer = readAnswer(socket.getInputStream(), sent);
      writer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      long inAll = sent.get();
      // Unblocks a writer that is still stuck in a full buffer.
      closeQuietly(socket);
      writer.join(TimeUnit.SECONDS.toMillis(5));
      return answer.outcome(inAll, bodyLength);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      closeQuietly(socket);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException alreadyGone) {
      // nothing left to release
    }
  }

  /** Writes the body piece by piece until it is all sent or the server stops taking it. */
  private static void writeBody(
      OutputStream out, String prefix, long length, boolean chunked, AtomicLong sent) {
    byte[] piece = new byte[PIECE];
    Arrays.fill(piece, (byte) 'a');
    byte[] start = prefix.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(start, 0, piece, 0, start.length);
    try {
      for (long left = length; left > 0; ) {
        int n = (int) Math.min(PIECE, left);
        if (chunked) {
          out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.write(piece, 0, n);
        if (left == length) {
          Arrays.fill(piece, 0, start.length, (byte) 'a');
        }
        if (chunked) {
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        sent.addAndGet(n);
        left -= n;
      }
      if (chunked) {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.flush();
    } catch (IOException closedByTheServer) {
      // The server answered and closed the connection: the count says how far the body got.
    }
  }

  private record Answer(byte[] bytes, long sentBeforeAnswer) {
    Outcome outcome(long sentInAll, long bodyLength) {
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      int split = text.indexOf("\r\n\r\n");
      if (!text.startsWith("HTTP/1.1 ") || split < 0) {
        return new Outcome(-1, text, "", sentBeforeAnswer, sentInAll, bodyLength);
      }
      int status = Integer.parseInt(text.substring(9, 12));
      return new Outcome(
          status,
          text.substring(0, split + 2),
          new String(bytes, split + 4, bytes.length - split - 4, StandardCharsets.UTF_8),
          sentBeforeAnswer,
          sentInAll,
          bodyLength);
    }
  }

  /** Reads until the server closes the connection (or resets it after its answer). */
  private static Answer readAnswer(InputStream in, AtomicLong sent) {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    long sentBeforeAnswer = -1;
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        if (sentBeforeAnswer < 0) {
          sentBeforeAnswer = sent.get();
        }
        answer.write(buffer, 0, n);
      }
    } catch (IOException resetOrTimedOut) {
      // What was read before stays: a server may reset a connection whose body it left unread.
    }
    return new Answer(answer.toByteArray(), sentBeforeAnswer < 0 ? sent.get() : sentBeforeAnswer);
  }
}
