package dev.occ.example.shop.security;

import dev.occ.example.shop.web.ApiError;
import dev.occ.example.shop.web.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's answers to requests that security stops, in the contract's envelope: 401 {@code
 * UNAUTHENTICATED}, 403 {@code FORBIDDEN} (a missing role or a missing or wrong CSRF token), 429
 * {@code TOO_MANY_REQUESTS} while failed sign-ins lock the name or address.
 *
 * <p>A 401 carries {@code WWW-Authenticate: Basic realm="shop"}, so that scripts know to send
 * credentials, except to requests marked {@code X-Requested-With: XMLHttpRequest}: the board page
 * marks its fetches so, because a browser that sees a Basic challenge in answer to a page's own
 * request opens its password dialog (and would then send the typed password with every later
 * request, CSRF token or not). The page signs in again through its form instead.
 */
public final class SecurityAnswers implements AuthenticationEntryPoint, AccessDeniedHandler {
  static final String REALM = "shop";

  private final JsonMapper json;
  private final boolean bearer;

  /**
   * Creates the answers.
   *
   * @param json writes the envelope
   * @param bearer whether bearer tokens are accepted, so that a 401 names that scheme too
   */
  public SecurityAnswers(JsonMapper json, boolean bearer) {
    this.json = json;
    this.bearer = bearer;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
      throws IOException {
    if (failure instanceof SignInThrottledException throttled) {
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(throttled.retryAfterSeconds()));
      write(
          response,
          HttpStatus.TOO_MANY_REQUESTS,
          ApiError.of("TOO_MANY_REQUESTS", "Too many failed sign-ins; try again later"));
      return;
    }
    if (!"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
      response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
      if (bearer) {
        response.addHeader(
            HttpHeaders.WWW_AUTHENTICATE,
            failure instanceof InvalidBearerTokenException
                ? "Bearer error=\"invalid_token\""
                : "Bearer");
      }
    }
    write(
        response,
        HttpStatus.UNAUTHORIZED,
        ApiError.of(
            "UNAUTHENTICATED",
            "Sign in first: send HTTP Basic credentials"
                + (bearer ? " or a bearer token" : "")
                + ", or sign in on the board page"));
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
      throws IOException {
    if (denied instanceof CsrfException && !signedIn()) {
      // The CSRF check runs before sign-in: a write without a session (none, forged or ended)
      // fails it, but what the client lacks is a sign-in, not a token.
      commence(request, response, new InsufficientAuthenticationException("No session", denied));
      return;
    }
    String message =
        denied instanceof CsrfException
            ? "The request's CSRF token is missing or wrong; reload the page and try again"
            : "Your role may not do this";
    write(response, HttpStatus.FORBIDDEN, ApiError.of("FORBIDDEN", message));
  }

  private static boolean signedIn() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    return authentication != null
        && authentication.isAuthenticated()
        && !(authentication instanceof AnonymousAuthenticationToken);
  }

  private void write(HttpServletResponse response, HttpStatus status, ApiError error)
      throws IOException {
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.getOutputStream().write(json.writeValueAsBytes(ApiResponse.failure(error)));
  }
}
