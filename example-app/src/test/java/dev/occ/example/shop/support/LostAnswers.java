package dev.occ.example.shop.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * A test-only filter in front of the move endpoint that plays an unreliable database or network: it
 * records the Idempotency-Key of every move request and, when told to, refuses the first attempt of
 * each key with 503, lets it through but replaces its answer with 503 (the move was made, its
 * answer lost), or refuses every attempt. Runs after {@link MoveGate}.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public final class LostAnswers extends OncePerRequestFilter {
  private static final Pattern MOVE = Pattern.compile("/api/admin/appointments/([^/]+)/move");
  private static final long LONGEST_HOLD_SECONDS = 30;
  private static final long ARRIVAL_WAIT_SECONDS = 15;

  /** What happens to a move request. */
  private enum Mode {
    PASS,
    REFUSE_FIRST,
    LOSE_FIRST_ANSWER,
    REFUSE_ALL
  }

  /** One move request as it arrived: the appointment and the key it carried. */
  public record Attempt(String appointmentId, @Nullable String key) {}

  private volatile Mode mode = Mode.PASS;
  private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
  private final Set<String> seenKeys = ConcurrentHashMap.newKeySet();
  private final AtomicReference<Hold> nextRetry = new AtomicReference<>();

  /** The first attempt of each key gets 503 DATABASE_UNAVAILABLE and never reaches the app. */
  public void refuseFirstAttempt() {
    mode = Mode.REFUSE_FIRST;
  }

  /**
   * The first attempt of each key reaches the app, which makes the move; the client gets 503
   * OUTCOME_UNKNOWN in place of the app's answer.
   */
  public void loseFirstAnswer() {
    mode = Mode.LOSE_FIRST_ANSWER;
  }

  /** Every attempt gets 503 DATABASE_UNAVAILABLE. */
  public void refuseAll() {
    mode = Mode.REFUSE_ALL;
  }

  /** Holds the next request that repeats a key seen before, until {@link Hold#release()}. */
  public Hold holdNextRetry() {
    Hold hold = new Hold();
    if (!nextRetry.compareAndSet(null, hold)) {
      throw new IllegalStateException("a hold is armed already and was never used");
    }
    return hold;
  }

  /** Returns the move requests for the appointment, in order of arrival. */
  public List<Attempt> attempts(long id) {
    return attempts.stream().filter(a -> a.appointmentId().equals(Long.toString(id))).toList();
  }

  /** Lets everything through again and forgets what was seen. */
  public void reset() {
    mode = Mode.PASS;
    Hold hold = nextRetry.getAndSet(null);
    if (hold != null) {
      hold.release();
    }
    attempts.clear();
    seenKeys.clear();
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
    String key = request.getHeader("Idempotency-Key");
    attempts.add(new Attempt(move.group(1), key));
    boolean first = key == null || seenKeys.add(key);
    if (!first) {
      Hold hold = nextRetry.getAndSet(null);
      if (hold != null) {
        hold.arrived.countDown();
        hold.awaitRelease();
      }
    }
    switch (mode) {
      case REFUSE_ALL -> unavailable(response, "DATABASE_UNAVAILABLE");
      case REFUSE_FIRST -> {
        if (first) {
          unavailable(response, "DATABASE_UNAVAILABLE");
        } else {
          chain.doFilter(request, response);
        }
      }
      case LOSE_FIRST_ANSWER -> {
        if (first) {
          // The app answers into a buffer that is thrown away: the move is made, the answer lost.
          chain.doFilter(request, new ContentCachingResponseWrapper(response));
          response.reset();
          unavailable(response, "OUTCOME_UNKNOWN");
        } else {
          chain.doFilter(request, response);
        }
      }
      case PASS -> chain.doFilter(request, response);
    }
  }

  private static void unavailable(HttpServletResponse response, String code) throws IOException {
    response.setStatus(503);
    response.setHeader("Retry-After", "1");
    response.setContentType("application/json");
    response
        .getOutputStream()
        .write(
            ("{\"ok\":false,\"error\":{\"code\":\""
                    + code
                    + "\","
                    + "\"message\":\"failure injected by the test\"}}")
                .getBytes(StandardCharsets.UTF_8));
  }

  /** One held retry. */
  public static final class Hold {
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    /**
     * Waits until the held retry has reached the server.
     *
     * @throws AssertionError when no retry arrives
     */
    public void awaitArrival() {
      try {
        if (!arrived.await(ARRIVAL_WAIT_SECONDS, TimeUnit.SECONDS)) {
          throw new AssertionError("no retried move request reached the server");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for a retried move", e);
      }
    }

    /** Lets the held retry go on. */
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
