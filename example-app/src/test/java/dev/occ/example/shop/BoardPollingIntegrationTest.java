package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.Occ;
import dev.occ.example.shop.appointments.Status;
import dev.occ.example.shop.security.UserAccounts;
import dev.occ.example.shop.support.Api;
import dev.occ.example.shop.support.Appointments;
import dev.occ.example.shop.support.BoardPage;
import dev.occ.example.shop.support.BoardPolls;
import dev.occ.example.shop.support.Chromium;
import dev.occ.example.shop.support.MoveGate;
import dev.occ.example.shop.support.Users;
import dev.occ.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web board's polling with If-None-Match, in headless Chromium against the app on H2: the page
 * asks with the ETag of the board it shows, keeps its view when the answer is 304, shows another
 * client's move when the answer is a new board, and is not misled by a 304 around a move of its
 * own. What the page sent and got is seen from the server's side ({@link BoardPolls}); every wait
 * is on a condition, none on the clock.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "shop.demo-data=false",
      "shop.zone=" + BoardPollingIntegrationTest.ZONE,
      "logging.level.org.openqa.selenium.devtools=error"
    })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoardPollingIntegrationTest {
  static final String ZONE = "America/New_York";
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final String FAST_POLL = "?poll=200";

  @LocalServerPort int port;
  @Autowired Occ occ;
  @Autowired ShopProperties properties;
  @Autowired BoardPolls polls;
  @Autowired MoveGate gate;
  @Autowired UserAccounts accounts;

  private Chromium chromium;
  private BoardPage page;
  private Api api;
  private Appointments rows;

  @TestConfiguration
  static class Filters {
    @Bean
    BoardPolls boardPolls() {
      return new BoardPolls();
    }

    @Bean
    MoveGate moveGate() {
      return new MoveGate();
    }
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    String url = TestDatabases.freshH2Url();
    registry.add("spring.datasource.url", () -> url);
  }

  @BeforeAll
  void startBrowser() {
    Users.signUp(accounts);
    // "Someone else" at another screen of the same shop.
    api = Api.as(port, Users.NORTH_ADVISOR_2);
    rows = new Appointments(occ);
    chromium = Chromium.start(properties.zone());
    page = new BoardPage(chromium.driver(), port);
    page.signIn(Users.NORTH_ADVISOR, Users.PASSWORD);
  }

  @AfterAll
  void stopBrowser() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @AfterEach
  void afterEach(TestInfo test) {
    page.screenshot(SCREENSHOTS.resolve(test.getTestMethod().orElseThrow().getName() + ".png"));
    gate.reset();
    // Stops this page's polling before the next test counts polls.
    page.driver().get("about:blank");
  }

  @Test
  void anUnchangedBoardIsAnswered304AndKeptAndASecondClientsMoveShowsUp() {
    long other = newCard(Status.SCHEDULED);
    long kept = newCard(Status.CHECKED_IN);
    int start = polls.count();
    page.open(FAST_POLL);
    page.awaitSettled(other, "SCHEDULED", 1);
    page.script("window.__samePage = true;");

    // The page asks with the tag of the board it got, and the server finds it unchanged.
    BoardPolls.Poll unchanged = polls.await(start, "a 304", p -> p.status() == 304);
    List<BoardPolls.Poll> upTo = polls.since(start);
    BoardPolls.Poll lastFull =
        upTo.subList(0, upTo.indexOf(unchanged)).stream()
            .filter(p -> p.status() == 200)
            .reduce((first, second) -> second)
            .orElseThrow();
    assertThat(unchanged.ifNoneMatch()).isEqualTo(lastFull.etag()).isNotNull();
    assertThat(unchanged.etag()).isEqualTo(lastFull.etag());
    Map<String, List<BoardPage.Card>> shown = page.columns();
    int more = polls.count();
    polls.await(more, "another 304", p -> p.status() == 304);
    assertThat(page.columns()).isEqualTo(shown);

    // Another client moves a card: the next poll's tag no longer matches, and the page shows it.
    int beforeMove = polls.count();
    assertThat(api.move(other, "READY", 1).status()).isEqualTo(200);
    page.awaitSettled(other, "READY", 2);
    assertThat(polls.since(beforeMove))
        .anyMatch(p -> p.status() == 200 && unchanged.etag().equals(p.ifNoneMatch()));
    assertThat(page.card(kept)).isEqualTo(shown(kept, "CHECKED_IN", 1, false));

    // Then the page is back to 304s, with the tag of the board after the move.
    int afterMove = polls.count();
    BoardPolls.Poll again = polls.await(afterMove, "a 304 after the move", p -> p.status() == 304);
    assertThat(again.etag()).isNotEqualTo(unchanged.etag()).isEqualTo(currentTag());
    assertThat(page.card(other)).isEqualTo(shown(other, "READY", 2, false));
    assertThat(page.script("return window.__samePage === true;")).isEqualTo(true);
  }

  @Test
  void a304WhileItsOwnMoveIsInFlightKeepsThatMoveAndLaterMovesOfOthersShowUp() {
    long mine = newCard(Status.SCHEDULED);
    long other = newCard(Status.SCHEDULED);
    int start = polls.count();
    page.open(FAST_POLL);
    page.awaitSettled(mine, "SCHEDULED", 1);
    polls.await(start, "a 304", p -> p.status() == 304);

    MoveGate.Hold hold = gate.holdNext();
    page.moveWithButton(mine, "READY");
    hold.awaitArrival();
    page.awaitPending(mine, "READY");
    // The move is held before the server saw it: the board there is unchanged, and polls say so.
    int held = polls.count();
    polls.await(held, "a 304 while the move is held", p -> p.status() == 304);
    polls.await(polls.count(), "another 304 while the move is held", p -> p.status() == 304);
    assertThat(page.card(mine)).isEqualTo(shown(mine, "READY", 1, true));
    hold.release();
    page.awaitSettled(mine, "READY", 2);

    // After its own move the page must still learn of what others do.
    assertThat(api.move(other, "COMPLETED", 1).status()).isEqualTo(200);
    page.awaitSettled(other, "COMPLETED", 2);
    int settled = polls.count();
    BoardPolls.Poll steady = polls.await(settled, "a 304 after both moves", p -> p.status() == 304);
    assertThat(steady.etag()).isEqualTo(currentTag());
    assertThat(page.card(mine)).isEqualTo(shown(mine, "READY", 2, false));
    assertThat(page.card(other)).isEqualTo(shown(other, "COMPLETED", 2, false));
    assertThat(rows.version(mine)).isEqualTo(2);
  }

  /** A card as the page should show it: in the column of its status. */
  private static BoardPage.Card shown(long id, String status, long version, boolean pending) {
    return new BoardPage.Card(Long.toString(id), status, status, version, pending);
  }

  /** Adds a card for tomorrow: in the page's default range (today, tomorrow) even past midnight. */
  private long newCard(Status status) {
    LocalDate tomorrow = LocalDate.now(properties.zone()).plusDays(1);
    Instant noon = tomorrow.atTime(LocalTime.NOON).atZone(properties.zone()).toInstant();
    return rows.create(status, noon);
  }

  /** The ETag of the board the page shows, as the server has it now. */
  private String currentTag() {
    Api.Reply reply =
        api.get("/api/admin/appointments/board?from=" + page.from() + "&to=" + page.to());
    assertThat(reply.status()).isEqualTo(200);
    return reply.header("ETag");
  }
}
