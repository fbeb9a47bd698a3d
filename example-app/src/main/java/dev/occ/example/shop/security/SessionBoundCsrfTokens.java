package dev.occ.example.shop.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;

/**
 * CSRF tokens kept in the HTTP session, as Spring Security's own repository keeps them, except that
 * a token is never the reason a session is opened, but on the sign-in page, whose form must carry
 * one. A request without a session cannot hold a valid session token anyway; opening a session to
 * store the one generated for its (failed) check would let anyone who can reach the port fill the
 * heap with sessions, one per request, each kept for the session timeout.
 */
final class SessionBoundCsrfTokens implements CsrfTokenRepository {
  private final HttpSessionCsrfTokenRepository sessions = new HttpSessionCsrfTokenRepository();
  private final String signInPage;

  /** Keeps tokens in existing sessions, and opens one only for {@code GET signInPage}. */
  SessionBoundCsrfTokens(String signInPage) {
    this.signInPage = signInPage;
  }

  @Override
  public CsrfToken generateToken(HttpServletRequest request) {
    return sessions.generateToken(request);
  }

  @Override
  public void saveToken(
      @Nullable CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
    if (token != null && request.getSession(false) == null && !isSignInPage(request)) {
      return;
    }
    sessions.saveToken(token, request, response);
  }

  @Override
  public @Nullable CsrfToken loadToken(HttpServletRequest request) {
    return sessions.loadToken(request);
  }

  private boolean isSignInPage(HttpServletRequest request) {
    return HttpMethod.GET.matches(request.getMethod())
        && (request.getContextPath() + signInPage).equals(request.getRequestURI());
  }
}
