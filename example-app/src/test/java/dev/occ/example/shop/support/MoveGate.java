package dev.occ.example.shop.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A test-only filter in front of the move endpoint: it counts the move requests that reach the
 * server, per appointment, and can hold the next one until the test lets it go, or answer it with
 * an error instead of the app. Holding a request is how a browser test makes a move slow without
 * guessing at timings.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class MoveGate extends OncePerRequestFilter {
  private static final Pattern MOVE = Pattern.compile("/api/admin/appointments/([^/]+)/move");
  // Far longer than any test step, yet a hold that a failed test never released cannot hang the
  // build.
  private static final long LONGEST_HOLD_SECONDS = 30;
  private static final long ARRIVAL_WAIT_SECONDS = 15;

  private final Map<String, AtomicInteger> moves = new ConcurrentHashMap<>();
  private final AtomicReference<Hold> next = new AtomicReference<>();
  private final Set<Hold> issued = ConcurrentHashMap.newKeySet();

  /** Returns how many move requests for the appointment reached the server. */
  public int moves(long id) {
    AtomicInteger count = moves.get(Long.toString(id));
    return count == null ? 0 : count.get();
  }

  /** Holds the next move request until {@link Hold#release()}, then lets the app answer it. */
  public Hold holdNext() {
    return arm(0);
  }

  /** Holds the next move request until {@link Hold#release()}, then answers {@code status}. */
  public Hold holdNextThenFail(int status) {
    return arm(status);
  }

  /**
   * Disarms the next hold and lets every held request go on, so that a test that failed midway
   * leaves nothing behind for the next one.
   */
  public void reset() {
    next.set(null);
    issued.forEach(Hold::release);
    issued.clear();
  }

  private Hold arm(int failStatus) {
    Hold hold = new Hold(failStatus);
    issued.add(hold);
    if (!next.compareAndSet(null, hold)) {
      throw new IllegalStateException("a hold is armed already and was never used");
    }
    return hold;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Matcher move = MOVE.matcher(request.getRequestURI());
    if (!"POST".equals(request.getMethod()) || !move.matches()) {
      chain.doFilter(request, response);
      return;
    }
    moves.computeIfAbsent(move.group(1), id -> new AtomicInteger()).incrementAndGet();
    Hold hold = next.getAndSet(null);
    if (hold != null) {
      hold.arrived.countDown();
      hold.awaitRelease();
      if (hold.failStatus != 0) {
        response.setStatus(hold.failStatus);
        response.setContentType("application/json");
        response
            .getOutputStream()
            .write(
                ("{\"ok\":false,\"error\":{\"code\":\"INTERNAL_ERROR\","
                        + "\"message\":\"failure injected by the test\"}}")
                    .getBytes(StandardCharsets.UTF_8));
        return;
      }
    }
    chain.doFilter(request, response);
  }

  /** One held move request. */
  public static final class Hold {
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final int failStatus;

    private Hold(int failStatus) {
      this.failStatus = failStatus;
    }

    /**
     * Waits until the held request has reached the server.
     *
     * @throws AssertionError when no move request arrives
     */
    public void awaitArrival() {
      try {
        if (!arrived.await(ARRIVAL_WAIT_SECONDS, TimeUnit.SECONDS)) {
          throw new AssertionError("no move request reached the server");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for a move request", e);
      }
    }

    /** Lets the held request go on. */
    public void release() {
      released.countDown();
    }

    private void awaitRelease() {
      try {
        released.await(LONGEST_HOLD_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
