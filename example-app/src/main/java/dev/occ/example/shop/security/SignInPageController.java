package dev.occ.example.shop.security;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.util.HtmlUtils;

/**
 * The sign-in page, {@code GET /login}: a plain form in the board's look, with the session's CSRF
 * token as a hidden field (no script, so nothing inline for the Content-Security-Policy to allow).
 * The form posts to Spring Security's {@code POST /login}.
 */
@Controller
public class SignInPageController {
  private final String page;

  /** Reads the page's template once. */
  public SignInPageController() {
    try (InputStream in = new ClassPathResource("pages/login.html").getInputStream()) {
      this.page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("pages/login.html is missing from the class path", e);
    }
  }

  /** Renders the page, with a notice after a failed sign-in, a lock or a sign-out. */
  @GetMapping(path = "/login", produces = MediaType.TEXT_HTML_VALUE)
  public ResponseEntity<String> signIn(HttpServletRequest request, CsrfToken csrf) {
    String notice = "";
    String kind = "";
    if (request.getParameter("error") != null) {
      notice = "Wrong user name or password.";
      kind = "signin-error";
    } else if (request.getParameter("locked") != null) {
      notice = "Too many failed sign-ins. Wait a few minutes, then try again.";
      kind = "signin-error";
    } else if (request.getParameter("expired") != null) {
      notice = "The page had expired. Please sign in again.";
    } else if (request.getParameter("signed-out") != null) {
      notice = "You are signed out.";
    }
    String html =
        page.replace("{{notice}}", HtmlUtils.htmlEscape(notice))
            .replace("{{notice-kind}}", kind)
            .replace("{{csrf-parameter}}", HtmlUtils.htmlEscape(csrf.getParameterName()))
            .replace("{{csrf-token}}", HtmlUtils.htmlEscape(csrf.getToken()));
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .body(html);
  }
}
