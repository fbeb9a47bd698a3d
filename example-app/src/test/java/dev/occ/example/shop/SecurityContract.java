package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.Occ;
import dev.occ.example.shop.appointments.Status;
import dev.occ.example.shop.security.Role;
import dev.occ.example.shop.security.SecurityConfiguration;
import dev.occ.example.shop.security.ShopUser;
import dev.occ.example.shop.security.UserAccounts;
import dev.occ.example.shop.security.VerifiedCredentials;
import dev.occ.example.shop.support.Api;
import dev.occ.example.shop.support.Appointments;
import dev.occ.example.shop.support.FormSession;
import dev.occ.example.shop.support.Users;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Who may call what (DESIGN.md, "Who may call"), through a real port, on each database (see the
 * subclasses; on PostgreSQL the app runs as a role that row-level security binds): no sign-in is a
 * 401 in the envelope, a viewer's move a 403, a session's write without its CSRF token a 403, a
 * forged or ended session no session at all; Basic requests are stateless; the page and the API
 * carry the security headers; actuator is not on the app's port. Every refusal leaves the card as
 * it was.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "shop.demo-data=false")
abstract class SecurityContract {
  private static final String BOARD = "/api/admin/appointments/board";

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  @Autowired Occ occ;
  @Autowired UserAccounts accounts;
  @Autowired VerifiedCredentials verified;

  private Appointments rows;
  private long card;

  @BeforeEach
  void data() {
    Users.signUp(accounts);
    rows = new Appointments(ownerOcc());
    card = rows.create(Status.SCHEDULED, Instant.now());
  }

  /**
   * Occ for the test's own reads and writes past the API: the app's own where nothing binds it, the
   * tables' owner where row-level security would bind the app's role.
   */
  Occ ownerOcc() {
    return occ;
  }

  // --- not signed in ------------------------------------------------------------------------

  @Test
  void withoutCredentialsEveryApiCallIs401WithABasicChallenge() {
    Api anonymous = new Api(port);
    for (Api.Reply reply :
        new Api.Reply[] {
          anonymous.get(BOARD),
          anonymous.history(card),
          anonymous.move(card, "READY", 1),
          anonymous.get("/api/me")
        }) {
      assertUnauthenticated(reply);
      assertThat(reply.header("WWW-Authenticate")).isEqualTo("Basic realm=\"shop\"");
    }
    assertUnchanged(card);
  }

  /**
   * A stranger's requests cost the server no memory that outlives them: none of them opens an HTTP
   * session (each would hold a CSRF token for 30 minutes, so a flood of them would fill the heap).
   * Only the sign-in form's page does, to keep the form's CSRF token.
   */
  @Test
  void aStrangersRequestsOpenNoSession() {
    Api anonymous = new Api(port);
    List<Api.Reply> replies =
        List.of(
            anonymous.move(card, "READY", 1),
            anonymous.post("/api/admin/appointments/" + card + "/move", "not json"),
            anonymous.get(BOARD),
            anonymous.get("/api/me"),
            anonymous.get("/"),
            anonymous.send(anonymous.request("/").header("Accept", "text/html")),
            anonymous.get("/anything"),
            anonymous.post("/anything", "{}"),
            anonymous.send(anonymous.request("/logout").POST(Api.body(""))),
            anonymous.send(anonymous.request("/login").POST(Api.body("username=x&password=y"))),
            Api.basic(port, Users.NORTH_ADVISOR, "wrong").move(card, "READY", 1),
            Api.basic(port, Users.NORTH_ADVISOR, Users.PASSWORD).move(card, "READY", 7));

    assertThat(replies)
        .allSatisfy(
            reply ->
                assertThat(reply.headers().allValues("Set-Cookie"))
                    .as("%s %s", reply.status(), reply.body())
                    .isEmpty());
    assertThat(anonymous.get("/login").headers().allValues("Set-Cookie"))
        .as("the sign-in form keeps its CSRF token in a session")
        .isNotEmpty();
    assertUnchanged(card);
  }

  @Test
  void thePagesOwnFetchesGetA401WithoutAChallengeSoNoPasswordDialogOpens() {
    Api anonymous = new Api(port);
    Api.Reply reply =
        anonymous.send(anonymous.request(BOARD).header("X-Requested-With", "XMLHttpRequest"));

    assertUnauthenticated(reply);
    assertThat(reply.headers().allValues("WWW-Authenticate")).isEmpty();
  }

  @Test
  void aWrongPasswordOrAnUnknownUserIs401() {
    assertUnauthenticated(Api.basic(port, Users.NORTH_ADVISOR, "wrong").move(card, "READY", 1));
    assertUnauthenticated(Api.basic(port, "nobody", Users.PASSWORD).move(card, "READY", 1));
    assertUnchanged(card);
  }

  @Test
  void aBrowserWithoutASessionIsSentToTheSignInPage() {
    Api anonymous = new Api(port);
    for (String path : new String[] {"/", "/index.html", "/app.js"}) {
      Api.Reply reply = anonymous.send(anonymous.request(path).header("Accept", "text/html"));
      assertThat(reply.status()).as(path).isEqualTo(302);
      assertThat(reply.header("Location")).as(path).endsWith("/login");
    }
  }

  @Test
  void theSignInPageIsOpenHasNoInlineScriptOrStyleAndCarriesTheSecurityHeaders() {
    Api anonymous = new Api(port);
    Api.Reply page = anonymous.send(anonymous.request("/login").header("Accept", "text/html"));

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains("<form class=\"signin-form\" method=\"post\" action=\"login\">")
        .contains("name=\"_csrf\"")
        .doesNotContain("<script", "<style", "style=", "onclick", "javascript:");
    assertSecurityHeaders(page);
  }

  @Test
  void healthzIsOpenAndSaysOnlyUpOrDown() {
    Api.Reply reply = new Api(port).get("/healthz");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().toString()).isEqualTo("{\"ok\":true,\"data\":{\"database\":\"up\"}}");
  }

  @Test
  void actuatorIsNotServedOnTheAppsPortButOnTheManagementPort() {
    Api.Reply anonymous = new Api(port).get("/actuator/health");
    Api.Reply signedIn = Api.as(port, Users.NORTH_ADVISOR).get("/actuator/prometheus");
    Api.Reply management = new Api(managementPort).get("/actuator/health");

    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(signedIn.status()).isEqualTo(403);
    assertThat(signedIn.body()).doesNotContain("shop_moves");
    assertThat(management.status()).isEqualTo(200);
    assertThat(management.json().get("status").stringValue()).isEqualTo("UP");
  }

  // --- roles --------------------------------------------------------------------------------

  @Test
  void aViewerSeesTheBoardAndTheHistoryButMayNotMove() {
    Api viewer = Api.as(port, Users.NORTH_VIEWER);

    Api.Reply move = viewer.move(card, "READY", 1);

    assertThat(move.status()).as(move.body()).isEqualTo(403);
    assertThat(move.error().get("code").stringValue()).isEqualTo("FORBIDDEN");
    AppointmentApiContract.assertNoInternals(move);
    assertUnchanged(card);
    assertThat(viewer.get(BOARD).status()).isEqualTo(200);
    assertThat(viewer.history(card).status()).isEqualTo(200);
  }

  @Test
  void anAdvisorMovesAndTheMoveIsSignedWithTheirName() {
    Api.Reply moved = Api.as(port, Users.NORTH_ADVISOR).move(card, "READY", 1);

    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    Api.Reply history = Api.as(port, Users.NORTH_VIEWER).history(card);
    assertThat(history.data().get("moves").get(0).get("moved_by").stringValue())
        .isEqualTo(Users.NORTH_ADVISOR);
  }

  // --- Basic ------------------------------------------------------------------------------------

  @Test
  void basicRequestsAreStatelessAndNeedNoCsrfToken() {
    Api.Reply reply = Api.as(port, Users.NORTH_ADVISOR).move(card, "CHECKED_IN", 1);

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.headers().allValues("Set-Cookie")).isEmpty();
    Api.Reply me = Api.as(port, Users.NORTH_ADVISOR).get("/api/me");
    assertThat(me.data().get("username").stringValue()).isEqualTo(Users.NORTH_ADVISOR);
    assertThat(me.data().get("shop").stringValue()).isEqualTo("north");
    assertThat(me.data().get("role").stringValue()).isEqualTo("ADVISOR");
    assertThat(me.data().has("csrf")).isFalse();
    assertThat(me.headers().allValues("Set-Cookie")).isEmpty();
  }

  @Test
  void aChangedPasswordEndsTheOldOneAtOnceDespiteTheCache() {
    String name = "cache-" + UUID.randomUUID().toString().substring(0, 8);
    accounts.save(new ShopUser(name, "north", Role.VIEWER), "first-password");
    assertThat(Api.basic(port, name, "first-password").get(BOARD).status()).isEqualTo(200);
    assertThat(verified.find(name, "first-password")).isNotNull();

    accounts.save(new ShopUser(name, "north", Role.VIEWER), "second-password");

    assertThat(verified.find(name, "first-password")).isNull();
    assertUnauthenticated(Api.basic(port, name, "first-password").get(BOARD));
    assertThat(Api.basic(port, name, "second-password").get(BOARD).status()).isEqualTo(200);
    accounts.setEnabled(name, false);
    assertUnauthenticated(Api.basic(port, name, "second-password").get(BOARD));
  }

  // --- sessions and CSRF --------------------------------------------------------------------

  @Test
  void aSessionMovesWithItsCsrfTokenOnly() {
    FormSession session = FormSession.signIn(port, Users.NORTH_ADVISOR, Users.PASSWORD);

    Api.Reply none = session.move(card, "READY", 1, null);
    Api.Reply wrong = session.move(card, "READY", 1, "not-the-token");
    Api.Reply other =
        session.move(
            card,
            "READY",
            1,
            FormSession.signIn(port, Users.NORTH_ADVISOR, Users.PASSWORD).csrfToken());

    for (Api.Reply refused : new Api.Reply[] {none, wrong, other}) {
      assertThat(refused.status()).as(refused.body()).isEqualTo(403);
      assertThat(refused.error().get("code").stringValue()).isEqualTo("FORBIDDEN");
      assertThat(refused.error().get("message").stringValue()).contains("CSRF");
    }
    assertUnchanged(card);

    Api.Reply moved = session.move(card, "READY", 1, session.csrfToken());
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    assertThat(rows.status(card)).isEqualTo("READY");
  }

  @Test
  void aSessionReadsWithoutACsrfToken() {
    FormSession session = FormSession.signIn(port, Users.NORTH_VIEWER, Users.PASSWORD);

    assertThat(session.get(BOARD).status()).isEqualTo(200);
    assertThat(session.get("/api/me").data().get("role").stringValue()).isEqualTo("VIEWER");
  }

  @Test
  void aForgedSessionIsNoSession() {
    FormSession forged = FormSession.withCookie(port, "F0RGED" + UUID.randomUUID());

    assertUnauthenticated(forged.get(BOARD));
    assertUnauthenticated(forged.move(card, "READY", 1, "whatever"));
    assertUnchanged(card);
  }

  @Test
  void anEndedSessionIsNoSession() {
    FormSession session = FormSession.signIn(port, Users.NORTH_ADVISOR, Users.PASSWORD);
    String token = session.csrfToken();

    Api.Reply signedOut = session.signOut();

    assertThat(signedOut.status()).isEqualTo(302);
    assertThat(signedOut.header("Location")).endsWith("/login?signed-out");
    assertUnauthenticated(session.get(BOARD));
    assertUnauthenticated(session.move(card, "READY", 1, token));
    assertUnchanged(card);
  }

  @Test
  void aSignInFormPostedWithoutItsCsrfTokenIsSentBackToTheForm() {
    Api anonymous = new Api(port);
    Api.Reply reply =
        anonymous.send(
            anonymous
                .request("/login")
                .header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(Api.body("username=north-advisor&password=wrong")));

    // Without the form's CSRF token the post is refused before the password is looked at.
    assertThat(reply.status()).isEqualTo(302);
    assertThat(reply.header("Location")).endsWith("/login?expired");
  }

  @Test
  void apiAnswersCarryTheSecurityHeaders() {
    Api.Reply me = Api.as(port, Users.NORTH_VIEWER).get("/api/me");
    assertSecurityHeaders(me);
    assertThat(me.header("Cache-Control")).contains("no-store");
    assertSecurityHeaders(new Api(port).get(BOARD));
    // The board is kept for revalidation with its ETag, by the user's own browser only.
    Api.Reply board = Api.as(port, Users.NORTH_VIEWER).get(BOARD);
    assertSecurityHeaders(board);
    assertThat(board.header("Cache-Control")).contains("no-cache", "private");
  }

  // --- helpers --------------------------------------------------------------------------------

  private static void assertUnauthenticated(Api.Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(401);
    assertThat(reply.json().get("ok").booleanValue()).isFalse();
    assertThat(reply.error().get("code").stringValue()).isEqualTo("UNAUTHENTICATED");
    assertThat(reply.error().get("message").stringValue()).isNotBlank();
    AppointmentApiContract.assertNoInternals(reply);
  }

  private static void assertSecurityHeaders(Api.Reply reply) {
    assertThat(reply.header("Content-Security-Policy"))
        .isEqualTo(SecurityConfiguration.CONTENT_SECURITY_POLICY)
        .contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval");
    assertThat(reply.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(reply.header("Cache-Control")).isNotBlank();
  }

  private void assertUnchanged(long id) {
    assertThat(rows.version(id)).as("version").isEqualTo(1);
    assertThat(rows.status(id)).as("status").isEqualTo("SCHEDULED");
    assertThat(rows.moveCount(id)).as("moves").isZero();
  }
}
