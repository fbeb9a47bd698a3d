package dev.occ.example.shop.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A browser's session without the browser: signs in through the sign-in form (its CSRF field
 * included) and then sends requests with the session cookie, as the board page's fetch calls do,
 * with or without the CSRF token.
 */
public final class FormSession {
  private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;]+)");
  private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private final Api api;
  private final String cookie;
  private @Nullable String csrfToken;

  private FormSession(Api api, String cookie) {
    this.api = api;
    this.cookie = cookie;
  }

  /** A session that sends this cookie value, e.g. a forged or an ended one. */
  public static FormSession withCookie(int port, String sessionId) {
    return new FormSession(new Api(port), sessionId);
  }

  /**
   * Signs in through the form: GET /login for a session and its CSRF token, POST /login.
   *
   * @throws AssertionError if the form does not accept the credentials
   */
  public static FormSession signIn(int port, String username, String password) {
    Api api = new Api(port);
    Api.Reply form = api.send(api.request("/login").header("Accept", "text/html").GET());
    assertThat(form.status()).as(form.body()).isEqualTo(200);
    String before = sessionOf(form);
    Matcher csrf = CSRF_FIELD.matcher(form.body());
    assertThat(csrf.find()).as("the form's CSRF field").isTrue();
    Api.Reply signedIn =
        api.send(
            api.request("/login")
                .header("Accept", "text/html")
                .header("Cookie", "JSESSIONID=" + before)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "username="
                            + encode(username)
                            + "&password="
                            + encode(password)
                            + "&_csrf="
                            + encode(csrf.group(1)))));
    assertThat(signedIn.status()).as("sign-in answer").isEqualTo(302);
    assertThat(signedIn.header("Location")).as("sign-in answer").doesNotContain("/login");
    // A new session id once signed in (session fixation).
    String after = sessionOf(signedIn);
    assertThat(after).isNotEqualTo(before);
    FormSession session = new FormSession(api, after);
    Api.Reply me = session.get("/api/me");
    assertThat(me.status()).as(me.body()).isEqualTo(200);
    session.csrfToken = me.data().get("csrf").get("token").stringValue();
    return session;
  }

  /** Returns the session's id. */
  public String id() {
    return cookie;
  }

  /** Returns the CSRF token the session got from {@code /api/me}. */
  public String csrfToken() {
    if (csrfToken == null) {
      throw new IllegalStateException("not signed in through the form");
    }
    return csrfToken;
  }

  /** Starts a request with the session cookie, marked as the page's own fetch. */
  public HttpRequest.Builder request(String path) {
    return api.request(path)
        .header("Cookie", "JSESSIONID=" + cookie)
        .header("X-Requested-With", "XMLHttpRequest");
  }

  public Api.Reply get(String path) {
    return api.send(request(path).GET());
  }

  /** Moves a card sending the CSRF token given (null: none). */
  public Api.Reply move(long id, String status, long version, @Nullable String csrf) {
    HttpRequest.Builder request =
        request("/api/admin/appointments/" + id + "/move")
            .header("Content-Type", "application/json")
            .POST(Api.body("{\"status\":\"" + status + "\",\"version\":" + version + "}"));
    if (csrf != null) {
      request.header("X-CSRF-TOKEN", csrf);
    }
    return api.send(request);
  }

  /** Signs out through the sign-out form. */
  public Api.Reply signOut() {
    // A form's submission, not a fetch: no X-Requested-With.
    return api.send(
        api.request("/logout")
            .header("Cookie", "JSESSIONID=" + cookie)
            .header("Accept", "text/html")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + encode(csrfToken()))));
  }

  private static String sessionOf(Api.Reply reply) {
    for (String cookie : reply.headers().allValues("Set-Cookie")) {
      Matcher m = SESSION.matcher(cookie);
      if (m.find()) {
        return m.group(1);
      }
    }
    throw new AssertionError("no session cookie in " + reply.headers().map());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
