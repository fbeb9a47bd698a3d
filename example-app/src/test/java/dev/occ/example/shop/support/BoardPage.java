package dev.occ.example.shop.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The board page as a test sees it, through the hooks documented at the top of {@code app.js}.
 * Every wait is on a condition of the page; none is on the clock.
 */
public final class BoardPage {
  // Generous: benchmarks may share the machine's two cores with the build.
  private static final Duration WAIT = Duration.ofSeconds(15);

  private static final String CARD_STATE =
      """
      const card = document.querySelector(`li.card[data-id="${arguments[0]}"]`);
      if (!card) return null;
      return {
        column: card.closest('section.column')?.dataset.status ?? null,
        status: card.dataset.status,
        version: card.dataset.version,
        pending: card.classList.contains('pending') && card.getAttribute('aria-busy') === 'true',
      };
      """;

  // What the card says over its corner while its move is in flight ("Saving…", "Retrying…").
  private static final String CARD_BADGE =
      """
      const card = document.querySelector(`li.card[data-id="${arguments[0]}"]`);
      if (!card || !card.classList.contains('retrying')) return null;
      return getComputedStyle(card, '::after').content;
      """;

  private static final String COLUMNS =
      """
      return [...document.querySelectorAll('#board > section.column')].map((column) => ({
        status: column.dataset.status,
        cards: [...column.querySelectorAll('ul.cards > li.card')].map((card) => ({
          column: column.dataset.status,
          id: card.dataset.id,
          status: card.dataset.status,
          version: card.dataset.version,
          pending: card.classList.contains('pending') && card.getAttribute('aria-busy') === 'true',
        })),
      }));
      """;

  // A real drag's event sequence, dispatched by hand: WebDriver's drag actions are mouse events
  // and never start an HTML5 drag in Chromium.
  private static final String DRAG_AND_DROP =
      """
      const [id, status] = arguments;
      const card = document.querySelector(`li.card[data-id="${id}"]`);
      const list = document.querySelector(`section.column[data-status="${status}"] ul.cards`);
      const data = new DataTransfer();
      data.setData('text/plain', id);
      const fire = (target, type) => target.dispatchEvent(
        new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data }));
      fire(card, 'dragstart');
      fire(list, 'dragenter');
      fire(list, 'dragover');
      fire(list, 'drop');
      fire(card, 'dragend');
      """;

  private final WebDriver driver;
  private final String base;

  public BoardPage(WebDriver driver, int port) {
    this.driver = driver;
    this.base = "http://127.0.0.1:" + port + "/";
  }

  /** A card as the page shows it: its column, its data attributes, whether it is mid-move. */
  public record Card(String id, String column, String status, long version, boolean pending) {}

  public WebDriver driver() {
    return driver;
  }

  /**
   * Signs in through the sign-in form, as a person would, and waits for the board it leads to; the
   * browser keeps the session for later {@link #open} calls.
   */
  public void signIn(String username, String password) {
    driver.get(base + "login");
    driver.findElement(By.id("username")).sendKeys(username);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.cssSelector("form.signin-form button[type=submit]")).click();
    waitUntil(
        () -> "the board after signing in as " + username + " (at " + driver.getCurrentUrl() + ")",
        d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
  }

  /**
   * Opens the card's history with its History button, waits until its moves are shown, and returns
   * each move's text ("Scheduled → Ready", who, when), oldest first.
   */
  public List<String> openHistory(long id, int moves) {
    WebElement button = cardElement(id).findElement(By.cssSelector("button.history-btn"));
    // Clear of the sticky top bar, which would take a click on a card scrolled under it.
    js().executeScript("arguments[0].scrollIntoView({block: 'center'});", button);
    button.click();
    By items = By.cssSelector("#history:not([hidden]) #history-moves > li.history-move");
    waitUntil(
        () -> moves + " moves in the history panel of card " + id,
        d ->
            Long.toString(id).equals(d.findElement(By.id("history")).getDomAttribute("data-id"))
                && d.findElements(items).size() == moves);
    return driver.findElements(items).stream().map(WebElement::getText).toList();
  }

  /** Closes the history panel with Escape. */
  public void closeHistory() {
    new Actions(driver).sendKeys(Keys.ESCAPE).perform();
    waitUntil(
        () -> "the history panel to close",
        d -> d.findElement(By.id("history")).getDomAttribute("hidden") != null);
  }

  /** Returns the user name the page says is signed in. */
  public String signedInAs() {
    return driver.findElement(By.id("who-name")).getText();
  }

  /** Loads the page with the given query (e.g. {@code ?poll=0}) and waits for the first board. */
  public void open(String query) {
    driver.get(base + query);
    waitUntil(
        () -> "the first board to be rendered",
        d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
  }

  /** Returns the first day the board shows. */
  public LocalDate from() {
    return date("from");
  }

  /** Returns the last day the board shows. */
  public LocalDate to() {
    return date("to");
  }

  /** Returns the card as shown now, or null when the page does not show it. */
  public @Nullable Card card(long id) {
    Object state = js().executeScript(CARD_STATE, Long.toString(id));
    return state == null ? null : toCard(Long.toString(id), state);
  }

  /** Returns the columns in page order, each with its cards in page order. */
  public Map<String, List<Card>> columns() {
    Map<String, List<Card>> columns = new LinkedHashMap<>();
    for (Object column : (List<?>) Objects.requireNonNull(js().executeScript(COLUMNS))) {
      Map<?, ?> fields = (Map<?, ?>) column;
      List<Card> cards = new ArrayList<>();
      for (Object card : (List<?>) fields.get("cards")) {
        cards.add(toCard((String) ((Map<?, ?>) card).get("id"), card));
      }
      columns.put((String) fields.get("status"), cards);
    }
    return columns;
  }

  /** Waits until the card has settled in the column of {@code status} at {@code version}. */
  public Card awaitSettled(long id, String status, long version) {
    return awaitCard(
        id,
        "settled in " + status + " at v" + version,
        c -> shownIn(c, status) && c.version() == version && !c.pending());
  }

  /** Waits until the card is shown mid-move, in the column it is headed for. */
  public Card awaitPending(long id, String target) {
    return awaitCard(id, "pending in " + target, c -> shownIn(c, target) && c.pending());
  }

  /**
   * Waits until the card is shown mid-move in the column it is headed for and marked as being
   * retried, and returns the text it shows for that.
   */
  public String awaitRetrying(long id, String target) {
    awaitCard(
        id,
        "retrying in " + target,
        c ->
            shownIn(c, target)
                && c.pending()
                && js().executeScript(CARD_BADGE, Long.toString(id)) != null);
    return String.valueOf(js().executeScript(CARD_BADGE, Long.toString(id)));
  }

  /** Drags the card onto the column of {@code status}. */
  public void dragAndDrop(long id, String status) {
    js().executeScript(DRAG_AND_DROP, Long.toString(id), status);
  }

  /** Chooses {@code status} in the card's list; this alone must not move the card. */
  public void choose(long id, String status) {
    new Select(cardElement(id).findElement(By.cssSelector("select.move-to"))).selectByValue(status);
  }

  /** Chooses {@code status} in the card's list and clicks its Move button. */
  public void moveWithButton(long id, String status) {
    choose(id, status);
    WebElement button = cardElement(id).findElement(By.cssSelector("button.move-btn"));
    js().executeScript("arguments[0].scrollIntoView({block: 'center'});", button);
    button.click();
  }

  public WebElement cardElement(long id) {
    return driver.findElement(By.cssSelector("li.card[data-id='" + id + "']"));
  }

  /** Puts the keyboard focus on an element, as tabbing to it would. */
  public void focus(WebElement element) {
    js().executeScript("arguments[0].focus();", element);
  }

  public WebElement focused() {
    return driver.switchTo().activeElement();
  }

  /** Returns how many moves the page has in flight. */
  public long inFlight() {
    Object count = js().executeScript("return window.__board.inFlight();");
    return ((Number) Objects.requireNonNull(count)).longValue();
  }

  /** Waits for a toast of the kind ({@code info} or {@code error}) and returns its text. */
  public String awaitToast(String kind) {
    By toast = By.cssSelector("#toasts > .toast.toast-" + kind);
    waitUntil(
        () -> "a " + kind + " toast",
        d -> d.findElements(toast).stream().anyMatch(WebElement::isDisplayed));
    return driver.findElement(toast).getText();
  }

  public int toasts(String kind) {
    return driver.findElements(By.cssSelector("#toasts > .toast.toast-" + kind)).size();
  }

  /** Runs a script on the page and returns its result. */
  public @Nullable Object script(String script, Object... arguments) {
    return js().executeScript(script, arguments);
  }

  /** Saves what the browser shows as a PNG. */
  public void screenshot(Path file) {
    Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.move(shot, file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Card awaitCard(long id, String what, Predicate<Card> condition) {
    waitUntil(
        // Read at failure time: what the card looks like when the wait gives up.
        () -> "card " + id + " to be " + what + " (it is " + card(id) + ")",
        d -> {
          Card card = card(id);
          return card != null && condition.test(card);
        });
    return Objects.requireNonNull(card(id));
  }

  private void waitUntil(Supplier<String> what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(driver, WAIT)
        .pollingEvery(Duration.ofMillis(50))
        .withMessage(() -> "waited " + WAIT.toSeconds() + " s for " + what.get())
        .until(condition);
  }

  private LocalDate date(String input) {
    return LocalDate.parse(
        Objects.requireNonNull(driver.findElement(By.id(input)).getDomProperty("value")));
  }

  private static boolean shownIn(Card card, String status) {
    return card.column().equals(status) && card.status().equals(status);
  }

  private JavascriptExecutor js() {
    return (JavascriptExecutor) driver;
  }

  private static Card toCard(String id, Object state) {
    Map<?, ?> fields = (Map<?, ?>) state;
    return new Card(
        id,
        String.valueOf(fields.get("column")),
        String.valueOf(fields.get("status")),
        Long.parseLong(String.valueOf(fields.get("version"))),
        Boolean.TRUE.equals(fields.get("pending")));
  }
}
