package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.example.shop.security.UserAccounts;
import dev.occ.example.shop.support.Api;
import dev.occ.example.shop.support.Users;
import dev.occ.testing.TestDatabases;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Failed sign-ins lock a user name, then the client address (here after 3 and 6 failures), through
 * a real port: the locked name is refused with 429 and Retry-After even with its right password,
 * the form sends a locked name back with a notice, and other names are locked once the address is.
 * A context of its own: its locks would refuse other tests, which all come from 127.0.0.1.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "shop.demo-data=false",
      "shop.security.throttle.max-failures-per-user=3",
      "shop.security.throttle.max-failures-per-address=6"
    })
class SignInLockoutTest {
  private static final String BOARD = "/api/admin/appointments/board";

  @LocalServerPort int port;
  @Autowired UserAccounts accounts;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    String url = TestDatabases.freshH2Url();
    registry.add("spring.datasource.url", () -> url);
  }

  @Test
  void failedSignInsLockTheNameThenTheAddress() {
    Users.signUp(accounts);
    assertThat(Api.as(port, Users.NORTH_VIEWER).get(BOARD).status()).isEqualTo(200);

    for (int i = 0; i < 3; i++) {
      Api.Reply wrong = Api.basic(port, Users.NORTH_VIEWER, "guess-" + i).get(BOARD);
      assertThat(wrong.status()).as("failure %d", i + 1).isEqualTo(401);
    }

    Api.Reply locked = Api.as(port, Users.NORTH_VIEWER).get(BOARD);
    assertThat(locked.status()).as(locked.body()).isEqualTo(429);
    assertThat(locked.error().get("code").stringValue()).isEqualTo("TOO_MANY_REQUESTS");
    assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 30L);
    assertThat(formSignIn(Users.NORTH_VIEWER, Users.PASSWORD)).endsWith("/login?locked");
    // Another name from the same address is not locked yet (3 of its 6).
    assertThat(Api.as(port, Users.NORTH_ADVISOR).get(BOARD).status()).isEqualTo(200);
    assertThat(formSignIn(Users.SOUTH_VIEWER, "wrong")).endsWith("/login?error");

    for (int i = 0; i < 2; i++) {
      assertThat(Api.basic(port, "nobody-" + i, "guess").get(BOARD).status()).isEqualTo(401);
    }

    Api.Reply addressLocked = Api.as(port, Users.NORTH_ADVISOR).get(BOARD);
    assertThat(addressLocked.status()).as(addressLocked.body()).isEqualTo(429);
    assertThat(addressLocked.header("Retry-After")).isNotNull();
  }

  /** Posts the sign-in form with its CSRF token and returns where it redirects to. */
  private String formSignIn(String username, String password) {
    Api api = new Api(port);
    Api.Reply form = api.send(api.request("/login").header("Accept", "text/html").GET());
    String cookie = form.header("Set-Cookie").split(";")[0];
    Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
    assertThat(csrf.find()).isTrue();
    Api.Reply posted =
        api.send(
            api.request("/login")
                .header("Accept", "text/html")
                .header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    Api.body(
                        "username="
                            + username
                            + "&password="
                            + URLEncoder.encode(password, StandardCharsets.UTF_8)
                            + "&_csrf="
                            + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8))));
    assertThat(posted.status()).isEqualTo(302);
    return posted.header("Location");
  }
}
