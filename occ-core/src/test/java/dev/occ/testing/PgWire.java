package dev.occ.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Just enough of the PostgreSQL wire protocol (version 3) for {@link PostgresProxy}: framing of the
 * startup packet and of typed messages, and recognising COMMIT in a Query or Parse message.
 */
final class PgWire {
  /** The request code of an SSLRequest, sent before the startup packet. */
  static final int SSL_REQUEST = 80877103;

  /** The request code of a GSSENCRequest, sent before the startup packet. */
  static final int GSSENC_REQUEST = 80877104;

  /** The request code of a CancelRequest, the only packet of its connection. */
  static final int CANCEL_REQUEST = 80877102;

  static final byte QUERY = 'Q';
  static final byte PARSE = 'P';
  static final byte BIND = 'B';
  static final byte SYNC = 'S';
  static final byte READY_FOR_QUERY = 'Z';

  // A message is rarely more than a few kilobytes here; the cap only guards against a misread
  // length turning into an enormous allocation.
  private static final int MAX_LENGTH = 256 * 1024 * 1024;

  private static final Set<String> COMMITS =
      Set.of("COMMIT", "COMMIT WORK", "COMMIT TRANSACTION", "END", "END WORK", "END TRANSACTION");

  private PgWire() {}

  /** An untyped packet of the startup phase: its request code (or protocol version) and rest. */
  record StartupPacket(int length, int code, byte[] rest) {
    void writeTo(DataOutputStream out) throws IOException {
      out.writeInt(length);
      out.writeInt(code);
      out.write(rest);
    }
  }

  /** A typed message: one type byte, then an int32 length that counts itself, then the body. */
  record Message(byte type, byte[] body) {
    void writeTo(DataOutputStream out) throws IOException {
      out.writeByte(type);
      out.writeInt(body.length + 4);
      out.write(body);
    }

    /** Returns the {@code index}-th null-terminated string of the body (0 = the first). */
    String string(int index) {
      int start = 0;
      for (int i = 0; i < index; i++) {
        start = end(start) + 1;
      }
      return new String(body, start, end(start) - start, StandardCharsets.UTF_8);
    }

    private int end(int from) {
      for (int i = from; i < body.length; i++) {
        if (body[i] == 0) {
          return i;
        }
      }
      throw new IllegalStateException("unterminated string in a '" + (char) type + "' message");
    }
  }

  /** Reads a startup-phase packet, or returns null at the end of the stream. */
  static @Nullable StartupPacket readStartup(DataInputStream in) throws IOException {
    int length;
    try {
      length = in.readInt();
    } catch (EOFException e) {
      return null;
    }
    if (length < 8 || length > MAX_LENGTH) {
      throw new IOException("not a PostgreSQL startup packet: length " + length);
    }
    int code = in.readInt();
    byte[] rest = new byte[length - 8];
    in.readFully(rest);
    return new StartupPacket(length, code, rest);
  }

  /** Reads a typed message, or returns null at the end of the stream. */
  static @Nullable Message read(DataInputStream in) throws IOException {
    int type = in.read();
    if (type < 0) {
      return null;
    }
    int length = in.readInt();
    if (length < 4 || length > MAX_LENGTH) {
      throw new IOException(
          "not a PostgreSQL message: type '" + (char) type + "', length " + length);
    }
    byte[] body = new byte[length - 4];
    in.readFully(body);
    return new Message((byte) type, body);
  }

  /** Returns whether the SQL text is a plain COMMIT (not COMMIT PREPARED, not ROLLBACK). */
  static boolean isCommit(String sql) {
    String s = sql.strip();
    while (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    return COMMITS.contains(s.replaceAll("\\s+", " ").toUpperCase(Locale.ROOT));
  }
}
