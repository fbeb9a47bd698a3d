package dev.occ.example.shop.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.occ.example.shop.web.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/me}: who is signed in, and for a session the CSRF token its writes must send. The
 * board page asks once at start.
 */
@RestController
public class MeController {

  /**
   * The signed-in user.
   *
   * @param username the user's name
   * @param shop the user's shop
   * @param role the user's role
   * @param csrf the token a session's writes send; absent for Basic and bearer requests, which need
   *     none
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Me(String username, String shop, Role role, @Nullable Csrf csrf) {}

  /**
   * A CSRF token and where to send it.
   *
   * @param header the request header for fetch calls
   * @param parameter the form field for forms (sign-out)
   * @param token the token
   */
  public record Csrf(String header, String parameter, String token) {}

  /** Returns the signed-in user. */
  @GetMapping(path = "/api/me", produces = MediaType.APPLICATION_JSON_VALUE)
  public ApiResponse<Me> me(@AuthenticationPrincipal ShopUser user, HttpServletRequest request) {
    Csrf csrf = null;
    // A stateless request must not create a session just to hold a token it does not need.
    if (request.getHeader(HttpHeaders.AUTHORIZATION) == null
        && request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
      csrf = new Csrf(token.getHeaderName(), token.getParameterName(), token.getToken());
    }
    return ApiResponse.success(new Me(user.username(), user.shop(), user.role(), csrf));
  }
}
