package dev.occ.bench.jpa;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answers to requests that security stops, as the example app gives them: 401 {@code
 * UNAUTHENTICATED} with {@code WWW-Authenticate: Basic realm="shop"}, and 403 {@code FORBIDDEN} for
 * a role that may not do it, both in the contract's envelope.
 */
final class SecurityAnswers implements AuthenticationEntryPoint, AccessDeniedHandler {
  /** The realm of the Basic challenge, the example app's. */
  static final String REALM = "shop";

  private final JsonMapper json;

  SecurityAnswers(JsonMapper json) {
    this.json = json;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
      throws IOException {
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
    write(
        response,
        HttpStatus.UNAUTHORIZED,
        ApiJson.Error.of("UNAUTHENTICATED", "Sign in first: send HTTP Basic credentials"));
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
      throws IOException {
    write(
        response, HttpStatus.FORBIDDEN, ApiJson.Error.of("FORBIDDEN", "Your role may not do this"));
  }

  private void write(HttpServletResponse response, HttpStatus status, ApiJson.Error error)
      throws IOException {
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.getOutputStream().write(json.writeValueAsBytes(ApiJson.Envelope.failure(error)));
  }
}
