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
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Caps request bodies at {@code shop.max-body-size} before anything reads them. A move is about 50
 * bytes; the cap keeps a large or endless body from tying up a request thread and memory.
 *
 * <p>It runs ahead of every filter that may read a body (Spring's {@code FormContentFilter} reads
 * PUT, PATCH and DELETE forms on any path, before a controller is even chosen): a declared length
 * over the cap is answered 413 at once, unread; a body without one (chunked) is counted as it is
 * read, and reading past the cap fails, answered 413 here or, for a controller's body, by {@link
 * ApiExceptionHandler}. Only the observation filter, which never reads a body, runs before it, so
 * that these answers are counted in {@code http.server.requests}.
 *
 * <p>What the servlet container reads on its own, without this filter's stream, is capped by its
 * settings in {@code application.yml}: POST form parameters ({@code
 * server.tomcat.max-http-form-post-size}) and the rest of a body nobody read, which it discards
 * before it reuses a connection ({@code server.tomcat.max-swallow-size}); multipart parsing is off.
 */
@Component
public class RequestBodyLimitFilter extends OncePerRequestFilter implements Ordered {
  /**
   * Right after Spring Boot's {@code ServerHttpObservationFilter} ({@code HIGHEST_PRECEDENCE + 1})
   * and before everything else.
   */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

  private final long maxBytes;
  private final byte[] tooLarge;

  /** Creates the filter with the configured cap; {@code json} writes its 413 envelope. */
  public RequestBodyLimitFilter(ShopProperties properties, JsonMapper json) {
    this.maxBytes = properties.maxBodySize().toBytes();
    this.tooLarge =
        json.writeValueAsBytes(
            ApiResponse.failure(ErrorCodes.forStatus(HttpStatus.CONTENT_TOO_LARGE)));
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > maxBytes) {
      refuse(response);
      return;
    }
    Limited limited = new Limited(request, maxBytes);
    try {
      chain.doFilter(limited, response);
    } catch (IOException | ServletException | RuntimeException e) {
      // A filter that read past the cap, before any handler could answer.
      if (!limited.overflowed() || response.isCommitted()) {
        throw e;
      }
      response.reset();
      refuse(response);
    }
  }

  /**
   * Answers 413 and closes the connection: the rest of the body is never read, so the connection
   * cannot carry another request.
   */
  private void refuse(HttpServletResponse response) throws IOException {
    response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
    response.setHeader(HttpHeaders.CONNECTION, "close");
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setContentLength(tooLarge.length);
    response.getOutputStream().write(tooLarge);
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
    private @Nullable LimitedStream stream;

    Limited(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    boolean overflowed() {
      return stream != null && stream.overflowed;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new LimitedStream(super.getInputStream(), maxBytes);
      }
      return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      String charset = getCharacterEncoding();
      Charset decoding;
      try {
        decoding = charset == null ? StandardCharsets.UTF_8 : Charset.forName(charset);
      } catch (IllegalArgumentException unknown) {
        // What the servlet API promises for a charset it cannot decode: a client error, not a 500.
        throw new UnsupportedEncodingException(charset);
      }
      return new BufferedReader(new InputStreamReader(getInputStream(), decoding));
    }
  }

  /** Counts what is read and fails as soon as the count passes the cap. */
  private static final class LimitedStream extends ServletInputStream {
    private final ServletInputStream in;
    private final long maxBytes;
    private long read;
    private boolean overflowed;

    LimitedStream(ServletInputStream in, long maxBytes) {
      this.in = in;
      this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
      checkOpen();
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      checkOpen();
      // Never asks the container for more than one byte past the cap.
      int n = in.read(buffer, offset, (int) Math.min(length, maxBytes - read + 1));
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void checkOpen() throws IOException {
      if (overflowed) {
        throw new BodyTooLargeException(maxBytes);
      }
    }

    private void count(int n) throws IOException {
      read += n;
      if (read > maxBytes) {
        overflowed = true;
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
