package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.Occ;
import dev.occ.example.shop.appointments.Status;
import dev.occ.example.shop.security.UserAccounts;
import dev.occ.example.shop.support.Api;
import dev.occ.example.shop.support.Appointments;
import dev.occ.example.shop.support.BoardPage;
import dev.occ.example.shop.support.Chromium;
import dev.occ.example.shop.support.LostAnswers;
import dev.occ.example.shop.support.MoveGate;
import dev.occ.example.shop.support.Users;
import dev.occ.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The web board in a real (headless) Chromium against the app on a random port and in-memory H2: it
 * shows what the API says, moves optimistically, rolls back on a conflict or a failure, and never
 * sends a second move for a card whose first one is still in flight. One browser serves the whole
 * class; every test reloads the page and works on cards of its own.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "shop.demo-data=true",
      // A fixed zone, which the browser is given too: the page's "today" is then the shop's on
      // every machine, whatever the JVM's default zone is called.
      "shop.zone=" + BoardPageIntegrationTest.ZONE,
      // Selenium looks for a DevTools binding matching the browser at start and warns that there
      // is none; these tests use no DevTools, so the warning would only mislead a reader.
      "logging.level.org.openqa.selenium.devtools=error"
    })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoardPageIntegrationTest {
  static final String ZONE = "America/New_York";
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  // Polling off unless a test is about polling: the page then changes only when the test acts.
  private static final String NO_POLL = "?poll=0";
  private static final String UUID =
      "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

  @LocalServerPort int port;
  @Autowired Occ occ;
  @Autowired ShopProperties properties;
  @Autowired MoveGate gate;
  @Autowired LostAnswers network;
  @Autowired UserAccounts accounts;

  private Chromium chromium;
  private BoardPage page;
  private Api api;
  private Appointments rows;

  @TestConfiguration
  static class Gate {
    @Bean
    MoveGate moveGate() {
      return new MoveGate();
    }

    @Bean
    LostAnswers lostAnswers() {
      return new LostAnswers();
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
    // The demo board before any test adds to it, for a person to look at.
    page.open(NO_POLL);
    page.screenshot(SCREENSHOTS.resolve("board.png"));
  }

  @AfterAll
  void stopBrowser() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @AfterEach
  void afterEach(TestInfo test) {
    // What the page showed at the end, to look at when a test fails.
    page.screenshot(SCREENSHOTS.resolve(test.getTestMethod().orElseThrow().getName() + ".png"));
    gate.reset();
    network.reset();
  }

  @Test
  void boardShowsTheApisCardsInTheirColumns() {
    newCard(Status.READY);
    page.open(NO_POLL);

    JsonNode columns = board(page.from(), page.to()).get("columns");

    Map<String, List<BoardPage.Card>> expected = new LinkedHashMap<>();
    for (JsonNode column : columns) {
      String status = column.get("status").stringValue();
      List<BoardPage.Card> cards = new ArrayList<>();
      for (JsonNode item : column.get("items")) {
        long id = Long.parseLong(item.get("appointment_id").stringValue());
        cards.add(shown(id, status, item.get("version").longValue(), false));
      }
      expected.put(status, cards);
    }
    assertThat(expected.values().stream().mapToInt(List::size).sum()).isGreaterThanOrEqualTo(20);
    assertThat(page.columns()).containsExactlyEntriesOf(expected);
  }

  @Test
  void droppedCardStaysInItsNewColumnAfterAReload() {
    long id = newCard(Status.SCHEDULED);
    page.open(NO_POLL);
    page.awaitSettled(id, "SCHEDULED", 1);

    page.dragAndDrop(id, "IN_PROGRESS");

    page.awaitSettled(id, "IN_PROGRESS", 2);
    JsonNode card = apiCard(id);
    assertThat(card.get("status").stringValue()).isEqualTo("IN_PROGRESS");
    assertThat(card.get("version").longValue()).isEqualTo(2);
    JsonNode moves = api.history(id).data().get("moves");
    assertThat(moves).hasSize(1);
    assertThat(moves.get(0).get("from_status").stringValue()).isEqualTo("SCHEDULED");
    assertThat(moves.get(0).get("to_status").stringValue()).isEqualTo("IN_PROGRESS");

    page.open(NO_POLL);
    // Straight after the reload's first render, not eventually: the server has it.
    assertThat(page.card(id)).isEqualTo(shown(id, "IN_PROGRESS", 2, false));
  }

  @Test
  void moveOnAStaleCardRollsBackToTheServersStateWithAnInfoToast() {
    long id = newCard(Status.SCHEDULED);
    long other = newCard(Status.SCHEDULED);
    page.open(NO_POLL);
    page.awaitSettled(id, "SCHEDULED", 1);
    // Someone else moves both cards; the page, not polling, still shows them as they were.
    assertThat(api.move(id, "READY", 1).status()).isEqualTo(200);
    assertThat(api.move(other, "CHECKED_IN", 1).status()).isEqualTo(200);
    assertThat(page.card(id)).extracting(BoardPage.Card::column).isEqualTo("SCHEDULED");

    MoveGate.Hold hold = gate.holdNext();
    page.moveWithButton(id, "IN_PROGRESS");
    hold.awaitArrival();
    page.awaitPending(id, "IN_PROGRESS");
    hold.release();

    // The 409 carries the current card, so the rollback lands on the server's state at once.
    page.awaitSettled(id, "READY", 2);
    assertThat(page.awaitToast("info")).contains("updated by someone else");
    assertThat(page.toasts("error")).isZero();
    // After a conflict the page reloads the board: the other stale card is re-synced as well.
    page.awaitSettled(other, "CHECKED_IN", 2);
    assertThat(page.inFlight()).isZero();
    assertThat(rows.status(id)).isEqualTo("READY");
    assertThat(rows.version(id)).isEqualTo(2);
    assertThat(rows.moveCount(id)).isEqualTo(1);
  }

  @Test
  void secondMoveWhileTheFirstIsInFlightNeverReachesTheServer() {
    long id = newCard(Status.SCHEDULED);
    page.open(NO_POLL);
    page.awaitSettled(id, "SCHEDULED", 1);

    MoveGate.Hold hold = gate.holdNext();
    page.moveWithButton(id, "CHECKED_IN");
    hold.awaitArrival();
    page.awaitPending(id, "CHECKED_IN");
    // Both ways a user could try again while the card is busy: the button and a drop.
    page.moveWithButton(id, "READY");
    page.dragAndDrop(id, "COMPLETED");
    assertThat(page.inFlight()).isEqualTo(1);
    assertThat(page.card(id)).isEqualTo(shown(id, "CHECKED_IN", 1, true));
    hold.release();

    page.awaitSettled(id, "CHECKED_IN", 2);
    assertThat(page.inFlight()).isZero();
    assertThat(gate.moves(id)).isEqualTo(1);
    assertThat(rows.moveCount(id)).isEqualTo(1);
    assertThat(rows.version(id)).isEqualTo(2);
    assertThat(rows.status(id)).isEqualTo("CHECKED_IN");
  }

  @Test
  void failedMoveRollsBackWithAnErrorToastAndChangesNothing() {
    long id = newCard(Status.SCHEDULED);
    page.open(NO_POLL);
    page.awaitSettled(id, "SCHEDULED", 1);

    MoveGate.Hold hold = gate.holdNextThenFail(500);
    page.dragAndDrop(id, "READY");
    hold.awaitArrival();
    page.awaitPending(id, "READY");
    hold.release();

    page.awaitSettled(id, "SCHEDULED", 1);
    assertThat(page.awaitToast("error")).contains("could not be moved");
    assertThat(page.toasts("info")).isZero();
    assertThat(page.inFlight()).isZero();
    assertThat(gate.moves(id)).isEqualTo(1);
    assertThat(rows.status(id)).isEqualTo("SCHEDULED");
    assertThat(rows.version(id)).isEqualTo(1);
    assertThat(rows.moveCount(id)).isZero();
  }

  @Test
  void keyboardAloneMovesACard() {
    long chosen = newCard(Status.SCHEDULED);
    long stepped = newCard(Status.SCHEDULED);
    page.open(NO_POLL);
    page.awaitSettled(chosen, "SCHEDULED", 1);
    WebElement card = page.cardElement(chosen);
    Actions keyboard = new Actions(page.driver());

    // From the card, Tab reaches its status list; typing picks an option, as it does in any list.
    page.focus(card);
    keyboard.sendKeys(Keys.TAB).sendKeys("Ready").perform();
    assertThat(page.focused().getDomAttribute("class")).isEqualTo("move-to");
    assertThat(page.focused().getDomProperty("value")).isEqualTo("READY");
    // Choosing alone moves nothing.
    assertThat(page.inFlight()).isZero();
    assertThat(page.card(chosen)).extracting(BoardPage.Card::column).isEqualTo("SCHEDULED");
    assertThat(gate.moves(chosen)).isZero();

    keyboard.sendKeys(Keys.TAB).perform();
    assertThat(page.focused().getDomAttribute("class")).isEqualTo("move-btn");
    keyboard.sendKeys(Keys.ENTER).perform();

    page.awaitSettled(chosen, "READY", 2);
    // The card changed column under the user's focus; the focus must have come along.
    WebElement button = card.findElement(By.cssSelector("button.move-btn"));
    assertThat(page.focused()).isEqualTo(button);
    assertThat(rows.status(chosen)).isEqualTo("READY");

    // The arrow keys on a focused card step it one column.
    WebElement other = page.cardElement(stepped);
    page.focus(other);
    keyboard.sendKeys(Keys.ARROW_RIGHT).perform();
    page.awaitSettled(stepped, "CHECKED_IN", 2);
    assertThat(page.focused()).isEqualTo(other);
    assertThat(rows.status(stepped)).isEqualTo("CHECKED_IN");
  }

  @Test
  void pollingShowsOthersMovesWithoutAReloadAndKeepsAPendingMove() {
    long changed = newCard(Status.SCHEDULED);
    long mine = newCard(Status.SCHEDULED);
    page.open("?poll=300");
    page.awaitSettled(mine, "SCHEDULED", 1);
    // Survives only as long as the page is not reloaded.
    page.script("window.__samePage = true;");

    assertThat(api.move(changed, "COMPLETED", 1).status()).isEqualTo(200);
    page.awaitSettled(changed, "COMPLETED", 2);

    MoveGate.Hold hold = gate.holdNext();
    page.moveWithButton(mine, "READY");
    hold.awaitArrival();
    page.awaitPending(mine, "READY");
    assertThat(api.move(changed, "IN_PROGRESS", 2).status()).isEqualTo(200);
    // A poll lands while the move is held: it must update the other card, not undo this one.
    page.awaitSettled(changed, "IN_PROGRESS", 3);
    assertThat(page.card(mine)).isEqualTo(shown(mine, "READY", 1, true));
    hold.release();

    page.awaitSettled(mine, "READY", 2);
    assertThat(page.script("return window.__samePage === true;")).isEqualTo(true);
  }

  // --- signed in: one shop's board, and who moved what ----------------------------------------

  @Test
  void theSignedInAdvisorSeesTheirShopsCardsOnlyAndMovesThem() {
    long ours = newCard(Status.SCHEDULED);
    long theirs = newCard("south", Status.SCHEDULED);
    page.open(NO_POLL);
    page.awaitSettled(ours, "SCHEDULED", 1);

    assertThat(page.signedInAs()).isEqualTo(Users.NORTH_ADVISOR);
    assertThat(page.card(theirs)).as("another shop's card").isNull();
    assertThat(page.columns().values().stream().flatMap(List::stream).map(BoardPage.Card::id))
        .isNotEmpty()
        .doesNotContain(Long.toString(theirs));
    page.dragAndDrop(ours, "CHECKED_IN");
    page.awaitSettled(ours, "CHECKED_IN", 2);
    assertThat(rows.status(ours)).isEqualTo("CHECKED_IN");
    assertThat(rows.status(theirs)).isEqualTo("SCHEDULED");
  }

  @Test
  void theHistoryPanelShowsWhoMovedTheCardAndWhen() {
    long id = newCard(Status.SCHEDULED);
    assertThat(api.move(id, "CHECKED_IN", 1).status()).isEqualTo(200);
    page.open(NO_POLL);
    page.awaitSettled(id, "CHECKED_IN", 2);

    List<String> first = page.openHistory(id, 1);
    assertThat(first.get(0)).contains("Scheduled → Checked in", Users.NORTH_ADVISOR_2);
    page.screenshot(SCREENSHOTS.resolve("history.png"));
    page.closeHistory();

    page.moveWithButton(id, "READY");
    page.awaitSettled(id, "READY", 3);
    List<String> both = page.openHistory(id, 2);
    assertThat(both.get(1)).contains("Checked in → Ready", Users.NORTH_ADVISOR);
    page.closeHistory();
  }

  // --- lost answers: the same request again, with the same Idempotency-Key --------------------

  @Test
  void moveRefusedWith503IsSentAgainWithTheSameKeyAndEndsMoved() {
    long id = newCard(Status.SCHEDULED);
    page.open(NO_POLL);
    page.awaitSettled(id, "SCHEDULED", 1);
    network.refuseFirstAttempt();
    LostAnswers.Hold retry = network.holdNextRetry();

    page.moveWithButton(id, "READY");
    retry.awaitArrival();
    // While the retry is on its way the card says so, in the column it is headed for.
    assertThat(page.awaitRetrying(id, "READY")).contains("Retrying");
    page.screenshot(SCREENSHOTS.resolve("retrying.png"));
    retry.release();

    page.awaitSettled(id, "READY", 2);
    assertThat(page.toasts("error")).isZero();
    assertThat(page.toasts("info")).isZero();
    List<LostAnswers.Attempt> attempts = network.attempts(id);
    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(0).key()).matches(UUID);
    assertThat(attempts.get(1).key()).isEqualTo(attempts.get(0).key());
    assertThat(rows.version(id)).isEqualTo(2);
    assertThat(rows.moveCount(id)).isEqualTo(1);

    // The next user action is a new move: a new key.
    network.reset();
    page.moveWithButton(id, "COMPLETED");
    page.awaitSettled(id, "COMPLETED", 3);
    assertThat(network.attempts(id))
        .singleElement()
        .extracting(LostAnswers.Attempt::key)
        .isNotEqualTo(attempts.get(0).key())
        .satisfies(key -> assertThat(key).matches(UUID));
  }

  @Test
  void moveWhoseAnswerWasLostAfterItWasMadeEndsMovedNotAsAConflict() {
    long id = newCard(Status.SCHEDULED);
    page.open(NO_POLL);
    page.awaitSettled(id, "SCHEDULED", 1);
    network.loseFirstAnswer();

    page.dragAndDrop(id, "IN_PROGRESS");

    page.awaitSettled(id, "IN_PROGRESS", 2);
    assertThat(page.toasts("info")).as("a conflict toast").isZero();
    assertThat(page.toasts("error")).isZero();
    List<LostAnswers.Attempt> attempts = network.attempts(id);
    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(1).key()).isEqualTo(attempts.get(0).key());
    // Made once, by the first attempt, however many times it was sent.
    assertThat(rows.version(id)).isEqualTo(2);
    assertThat(rows.moveCount(id)).isEqualTo(1);
    assertThat(rows.status(id)).isEqualTo("IN_PROGRESS");
  }

  @Test
  void moveRefusedOnEveryAttemptGivesUpWithAClearMessageAndReloadsTheBoard() {
    long id = newCard(Status.SCHEDULED);
    long other = newCard(Status.SCHEDULED);
    page.open(NO_POLL);
    page.awaitSettled(id, "SCHEDULED", 1);
    // Someone else moves another card; the page, not polling, can only learn of it by reloading
    // the board.
    assertThat(api.move(other, "CHECKED_IN", 1).status()).isEqualTo(200);
    assertThat(page.card(other)).extracting(BoardPage.Card::column).isEqualTo("SCHEDULED");
    network.refuseAll();
    LostAnswers.Hold retry = network.holdNextRetry();

    page.moveWithButton(id, "READY");
    retry.awaitArrival();
    assertThat(page.awaitRetrying(id, "READY")).contains("Retrying");
    retry.release();

    page.awaitSettled(id, "SCHEDULED", 1);
    assertThat(page.awaitToast("error")).contains("could not be moved", "unavailable", "4 tries");
    page.awaitSettled(other, "CHECKED_IN", 2);
    List<LostAnswers.Attempt> attempts = network.attempts(id);
    assertThat(attempts).hasSize(4);
    assertThat(attempts).extracting(LostAnswers.Attempt::key).containsOnly(attempts.get(0).key());
    assertThat(page.inFlight()).isZero();
    assertThat(rows.version(id)).isEqualTo(1);
    assertThat(rows.moveCount(id)).isZero();
  }

  /** A card as the page should show it: in the column of its status. */
  private static BoardPage.Card shown(long id, String status, long version, boolean pending) {
    return new BoardPage.Card(Long.toString(id), status, status, version, pending);
  }

  /** Adds a card for tomorrow: in the page's default range (today, tomorrow) even past midnight. */
  private long newCard(Status status) {
    return newCard("north", status);
  }

  private long newCard(String shop, Status status) {
    LocalDate tomorrow = LocalDate.now(properties.zone()).plusDays(1);
    Instant noon = tomorrow.atTime(LocalTime.NOON).atZone(properties.zone()).toInstant();
    return rows.create(shop, status, noon);
  }

  private JsonNode board(LocalDate from, LocalDate to) {
    Api.Reply reply = api.get("/api/admin/appointments/board?from=" + from + "&to=" + to);
    assertThat(reply.status()).isEqualTo(200);
    return reply.data();
  }

  private JsonNode apiCard(long id) {
    @Nullable JsonNode found = null;
    for (JsonNode column : board(page.from(), page.to()).get("columns")) {
      for (JsonNode item : column.get("items")) {
        if (item.get("appointment_id").stringValue().equals(Long.toString(id))) {
          found = item;
        }
      }
    }
    assertThat(found).as("card %d on the API's board", id).isNotNull();
    return found;
  }
}
