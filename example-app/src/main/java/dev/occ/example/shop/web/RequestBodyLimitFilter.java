package dev.occ.example.shop.web;

import dev.occ.example.shop.ShopProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies at {@code shop.max-body-size}, whether or not the client declares a length:
 * reading past the cap fails, which {@link ApiExceptionHandler} answers with 413. A move is about
 * 50 bytes; the cap keeps a large or endless body from tying up a request thread and memory.
 */
@Component
public class RequestBodyLimitFilter extends OncePerRequestFilter {
  private final long maxBytes;

  /** Creates the filter with the configured cap. */
  public RequestBodyLimitFilter(ShopProperties properties) {
    this.maxBytes = properties.maxBodySize().toBytes();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    chain.doFilter(new Limited(request, maxBytes), response);
  }

  /** Reading a request body past the cap. */
  static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException(long maxBytes) {
      super("Request body larger than " + maxBytes + " bytes");
    }
  }

  private static final class Limited extends HttpServletRequestWrapper {
    private final long maxBytes;
    private @Nullable ServletInputStream stream;

    Limited(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new LimitedStream(super.getInputStream(), getContentLengthLong(), maxBytes);
      }
      return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      String charset = getCharacterEncoding();
      return new BufferedReader(
          new InputStreamReader(
              getInputStream(), charset == null ? StandardCharsets.UTF_8 : Charset.forName(charset)));
    }
  }

  private static final class LimitedStream extends ServletInputStream {
    private final ServletInputStream in;
    private final long declared;
    private final long maxBytes;
    private long read;

    LimitedStream(ServletInputStream in, long declared, long maxBytes) {
      this.in = in;
      this.declared = declared;
      this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
      checkDeclared();
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      checkDeclared();
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    /** A declared length over the cap fails before anything is read. */
    private void checkDeclared() throws IOException {
      if (declared > maxBytes) {
        throw new BodyTooLargeException(maxBytes);
      }
    }

    /** A body without a declared length (chunked) fails as soon as it passes the cap. */
    private void count(int n) throws IOException {
      read += n;
      if (read > maxBytes) {
        throw new BodyTooLargeException(maxBytes);
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
