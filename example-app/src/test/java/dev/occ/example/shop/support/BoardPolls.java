package dev.occ.example.shop.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A test-only filter that records the board requests a browser sends, with the If-None-Match each
 * carried and the status and ETag of its answer, so that a test can see the page's conditional
 * polls from the server's side. Requests from other clients (the test's own) are not recorded.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public final class BoardPolls extends OncePerRequestFilter {
  private static final String BOARD = "/api/admin/appointments/board";
  // Generous: benchmarks may share the machine's two cores with the build.
  private static final Duration WAIT = Duration.ofSeconds(15);

  /**
   * One board request of the browser and its answer.
   *
   * @param ifNoneMatch the If-None-Match it sent, or null
   * @param status the status of the answer
   * @param etag the ETag of the answer, or null
   */
  public record Poll(@Nullable String ifNoneMatch, int status, @Nullable String etag) {}

  private final List<Poll> polls = new CopyOnWriteArrayList<>();

  /** Returns how many board requests the browser has had answered. */
  public int count() {
    return polls.size();
  }

  /** Returns the browser's board requests answered since the first {@code from}, in order. */
  public List<Poll> since(int from) {
    return List.copyOf(polls.subList(from, polls.size()));
  }

  /**
   * Waits for a board request of the browser, answered after the first {@code from}, that matches,
   * and returns the first such.
   */
  public Poll await(int from, String what, Predicate<Poll> matching) {
    return Awaitility.await()
        .alias(what)
        .atMost(WAIT)
        .until(() -> since(from).stream().filter(matching).findFirst(), found -> found.isPresent())
        .orElseThrow();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    chain.doFilter(request, response);
    String agent = request.getHeader("User-Agent");
    if ("GET".equals(request.getMethod())
        && BOARD.equals(request.getRequestURI())
        && agent != null
        && agent.contains("Chrome")) {
      polls.add(
          new Poll(
              request.getHeader("If-None-Match"),
              response.getStatus(),
              response.getHeader("ETag")));
    }
  }
}
