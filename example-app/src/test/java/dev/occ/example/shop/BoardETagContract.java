package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.Occ;
import dev.occ.example.shop.appointments.Status;
import dev.occ.example.shop.security.UserAccounts;
import dev.occ.example.shop.support.Api;
import dev.occ.example.shop.support.Appointments;
import dev.occ.example.shop.support.Users;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The board's ETag and If-None-Match, written once and run on every database through a real port:
 * the tag names exactly what the board shows, a client that holds it gets 304 with no body, and a
 * change committed before a poll is never hidden behind a 304. Every test works on days of its own.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"shop.zone=" + BoardETagContract.ZONE, "shop.demo-data=false"})
abstract class BoardETagContract {
  static final String ZONE = "America/New_York";
  private static final ZoneId SHOP_ZONE = ZoneId.of(ZONE);
  private static final String WEAK_TAG = "W/\"[A-Za-z0-9_-]{22}\"";

  @LocalServerPort int port;
  @Autowired Occ occ;
  @Autowired UserAccounts accounts;

  Api api;
  Appointments rows;
  Jdbi jdbi;

  @BeforeEach
  void clients() {
    Users.signUp(accounts);
    api = Api.as(port, Users.NORTH_ADVISOR);
    rows = new Appointments(ownerOcc());
    jdbi = ownerOcc().jdbi();
  }

  /**
   * Occ for the test's own reads and writes past the API: the app's own where nothing binds it, the
   * tables' owner where row-level security would bind the app's role.
   */
  Occ ownerOcc() {
    return occ;
  }

  // --- the tag ---------------------------------------------------------------------------------

  @Test
  void boardCarriesAWeakETagAndAsksCachesToRevalidate() {
    LocalDate day = LocalDate.of(2032, 1, 5);
    rows.create(Status.SCHEDULED, at(day, 9));

    Api.Reply reply = board(day, day);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("ETag")).matches(WEAK_TAG);
    assertThat(cacheControl(reply)).contains("no-cache", "private").doesNotContain("no-store");
  }

  @Test
  void anEmptyBoardHasATagToo() {
    LocalDate day = LocalDate.of(2032, 1, 6);

    Api.Reply first = board(day, day);

    assertThat(cards(first)).isEmpty();
    assertThat(first.header("ETag")).matches(WEAK_TAG);
    assertThat(board(day, day, first.header("ETag")).status()).isEqualTo(304);
  }

  @Test
  void theSameBoardTwiceHasTheSameTag() {
    LocalDate day = LocalDate.of(2032, 1, 7);
    rows.create(Status.SCHEDULED, at(day, 9));
    rows.create(Status.READY, at(day, 10));

    assertThat(board(day, day).header("ETag")).isEqualTo(board(day, day).header("ETag"));
  }

  @Test
  void aMatchingIfNoneMatchIsAnswered304WithTheTagAndNoBody() {
    LocalDate day = LocalDate.of(2032, 1, 8);
    // Several cards, out of id order by start: the query that answers a poll must agree with the
    // board's own tag on how cards combine.
    rows.create(Status.SCHEDULED, at(day, 11));
    rows.create(Status.READY, at(day, 9));
    rows.create(Status.COMPLETED, at(day, 10));
    String tag = board(day, day).header("ETag");

    Api.Reply reply = board(day, day, tag);

    assertThat(reply.status()).isEqualTo(304);
    assertThat(reply.body()).isEmpty();
    assertThat(reply.header("ETag")).isEqualTo(tag);
    assertThat(cacheControl(reply)).contains("no-cache", "private");
    assertThat(reply.header("Content-Type")).isNull();
  }

  @Test
  void ifNoneMatchComparesWeaklyAndAcceptsAList() {
    LocalDate day = LocalDate.of(2032, 1, 9);
    rows.create(Status.SCHEDULED, at(day, 9));
    String tag = board(day, day).header("ETag");
    String strong = tag.substring(2);

    assertThat(board(day, day, strong).status()).as("the same opaque tag, strong").isEqualTo(304);
    assertThat(board(day, day, "\"other\", " + tag).status()).as("a list").isEqualTo(304);
    assertThat(board(day, day, "\"other\"", tag).status()).as("two fields").isEqualTo(304);
    assertThat(board(day, day, "W/\"other\"").status()).as("another tag").isEqualTo(200);
  }

  @Test
  void ifNoneMatchStarIsAnswered304ForTheBoardExistsWhateverItHolds() {
    // RFC 9110, 13.1.2: "*" is false (304 for a GET) when a current representation exists, and a
    // board always exists, be it empty.
    LocalDate day = LocalDate.of(2032, 1, 10);
    String tag = board(day, day).header("ETag");

    Api.Reply reply = board(day, day, "*");

    assertThat(reply.status()).isEqualTo(304);
    assertThat(reply.body()).isEmpty();
    assertThat(reply.header("ETag")).isEqualTo(tag);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"garbage", "W/garbage", "\"unterminated", "W/", "'single quotes'", ",", "*, *"})
  void garbageInIfNoneMatchIsIgnoredAndTheBoardAnsweredInFull(String garbage) {
    LocalDate day = LocalDate.of(2032, 1, 11);
    rows.create(Status.SCHEDULED, at(day, 9));
    String tag = board(day, day).header("ETag");

    Api.Reply reply = board(day, day, garbage);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(cards(reply)).isNotEmpty();
    assertThat(reply.header("ETag")).isEqualTo(tag);
  }

  @Test
  void theTagWithoutItsQuotesIsNoEntityTagAndMatchesNothing() {
    LocalDate day = LocalDate.of(2032, 1, 12);
    rows.create(Status.SCHEDULED, at(day, 9));
    String tag = board(day, day).header("ETag");
    String unquoted = tag.substring(3, tag.length() - 1);

    assertThat(board(day, day, unquoted).status()).isEqualTo(200);
  }

  @Test
  void aBadRangeIsRefusedEvenWithAMatchingTag() {
    LocalDate day = LocalDate.of(2032, 1, 13);
    String tag = board(day, day).header("ETag");

    Api.Reply reply =
        api.send(
            api.request("/api/admin/appointments/board?from=" + day + "&to=" + day.minusDays(1))
                .header("If-None-Match", tag)
                .GET());

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error().get("field").stringValue()).isEqualTo("from");
  }

  // --- what changes the tag ------------------------------------------------------------------

  @Test
  void aMoveChangesTheTagAndThePollThatHeldTheOldOneGetsTheNewBoard() {
    LocalDate day = LocalDate.of(2032, 2, 1);
    long id = rows.create(Status.SCHEDULED, at(day, 9));
    String before = board(day, day).header("ETag");

    assertThat(api.move(id, "IN_PROGRESS", 1).status()).isEqualTo(200);
    Api.Reply after = board(day, day, before);

    assertThat(after.status()).isEqualTo(200);
    assertThat(after.header("ETag")).matches(WEAK_TAG).isNotEqualTo(before);
    assertThat(card(after, id).get("status").stringValue()).isEqualTo("IN_PROGRESS");
    assertThat(card(after, id).get("version").longValue()).isEqualTo(2);
    assertThat(board(day, day, after.header("ETag")).status()).isEqualTo(304);
  }

  @Test
  void aMoveToTheSameColumnChangesTheTag() {
    LocalDate day = LocalDate.of(2032, 2, 2);
    long id = rows.create(Status.READY, at(day, 9));
    String before = board(day, day).header("ETag");

    assertThat(api.move(id, "READY", 1).status()).isEqualTo(200);

    assertThat(board(day, day, before).status()).isEqualTo(200);
  }

  @Test
  void aMoveByAnotherConnectionBetweenTwoPollsIsNeverHidden() {
    LocalDate day = LocalDate.of(2032, 2, 3);
    long id = rows.create(Status.SCHEDULED, at(day, 9));
    String before = board(day, day).header("ETag");

    // Another session commits a move of its own, as another instance of the app would.
    int updated =
        jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE appointments SET status = 'CHECKED_IN', version = version + 1"
                            + " WHERE id = :id")
                    .bind("id", id)
                    .execute());
    assertThat(updated).isEqualTo(1);

    Api.Reply after = board(day, day, before);
    assertThat(after.status()).isEqualTo(200);
    assertThat(card(after, id).get("status").stringValue()).isEqualTo("CHECKED_IN");
  }

  @ParameterizedTest
  @ValueSource(strings = {"customer_name", "vehicle", "start_ts", "updated_at"})
  void aChangeThatLeavesTheVersionAloneStillChangesTheTag(String column) {
    LocalDate day = LocalDate.of(2032, 2, 4);
    long id = rows.create(Status.SCHEDULED, at(day, 9));
    String before = board(day, day).header("ETag");

    // Written by hand past occ, as a data fix would be: no version bump.
    Object value =
        switch (column) {
          case "customer_name", "vehicle" -> "Edited " + id;
          case "start_ts" -> at(day, 11).atOffset(ZoneOffset.UTC);
          default -> Instant.parse("2031-01-01T00:00:00.000001Z").atOffset(ZoneOffset.UTC);
        };
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE appointments SET " + column + " = :value WHERE id = :id")
                .bind("value", value)
                .bind("id", id)
                .execute());

    Api.Reply after = board(day, day, before);
    assertThat(after.status()).isEqualTo(200);
    assertThat(card(after, id).get("version").longValue()).isEqualTo(1);
  }

  @Test
  void aCardThatComesOrGoesChangesTheTagAndTheTagDependsOnlyOnWhatIsShown() {
    LocalDate day = LocalDate.of(2032, 2, 5);
    rows.create(Status.SCHEDULED, at(day, 9));
    String before = board(day, day).header("ETag");

    long added = rows.create(Status.READY, at(day, 15));
    Api.Reply withIt = board(day, day, before);
    assertThat(withIt.status()).isEqualTo(200);
    assertThat(cards(withIt)).hasSize(2);

    jdbi.useHandle(
        h -> h.createUpdate("DELETE FROM appointments WHERE id = :id").bind("id", added).execute());
    Api.Reply withoutIt = board(day, day, withIt.header("ETag"));
    assertThat(withoutIt.status()).isEqualTo(200);
    assertThat(cards(withoutIt)).hasSize(1);
    // The same cards as at first, in every field: the same tag.
    assertThat(withoutIt.header("ETag")).isEqualTo(before);
  }

  @Test
  void aCardOfAnotherDayLeavesTheTagAlone() {
    LocalDate day = LocalDate.of(2032, 4, 10);
    rows.create(Status.SCHEDULED, at(day, 9));
    String before = board(day, day).header("ETag");

    rows.create(Status.SCHEDULED, at(day.plusDays(1), 0));
    rows.create(Status.SCHEDULED, at(day, 0).minusNanos(1000));

    assertThat(board(day, day, before).status()).isEqualTo(304);
  }

  @Test
  void anotherRangeHasAnotherTagEvenWithTheSameCards() {
    LocalDate day = LocalDate.of(2032, 2, 7);
    rows.create(Status.SCHEDULED, at(day, 9));

    Api.Reply oneDay = board(day, day);
    Api.Reply twoDays = board(day, day.plusDays(1));
    Api.Reply emptyDay = board(day.plusDays(2), day.plusDays(2));
    Api.Reply otherEmptyDay = board(day.plusDays(3), day.plusDays(3));

    assertThat(cards(twoDays)).isEqualTo(cards(oneDay));
    assertThat(List.of(oneDay, twoDays, emptyDay, otherEmptyDay))
        .extracting(reply -> reply.header("ETag"))
        .doesNotHaveDuplicates();
    assertThat(board(day, day.plusDays(1), oneDay.header("ETag")).status()).isEqualTo(200);
    assertThat(board(day.plusDays(3), day.plusDays(3), emptyDay.header("ETag")).status())
        .isEqualTo(200);
  }

  @Test
  void eachShopHasItsOwnTagAndAnotherShopsMoveLeavesItAlone() {
    LocalDate day = LocalDate.of(2032, 2, 11);
    rows.create(Status.SCHEDULED, at(day, 9));
    long south = rows.create("south", Status.SCHEDULED, at(day, 10));
    Api southApi = Api.as(port, Users.SOUTH_ADVISOR);

    Api.Reply north = board(day, day);
    String southTag =
        southApi.get("/api/admin/appointments/board?from=" + day + "&to=" + day).header("ETag");
    assertThat(southApi.move(south, "CHECKED_IN", 1).status()).isEqualTo(200);
    Api.Reply northAgain = board(day, day, north.header("ETag"));

    assertThat(southTag).isNotEqualTo(north.header("ETag"));
    assertThat(northAgain.status()).isEqualTo(304);
  }

  // --- under concurrent moves --------------------------------------------------------------------

  /**
   * One client moves cards while another polls with the tag of the last board it got. Whatever the
   * interleaving, every poll's answer (the new body, or the held one that a 304 vouches for) shows
   * every move acknowledged before the poll was sent. The mover waits for polls, not for the clock,
   * so that both answers occur in every run.
   */
  @Test
  void movesCommittedBeforeAPollAreNeverHiddenBehindA304() throws Exception {
    LocalDate day = LocalDate.of(2032, 3, 1);
    List<Long> cards =
        List.of(
            rows.create(Status.SCHEDULED, at(day, 8)),
            rows.create(Status.SCHEDULED, at(day, 9)),
            rows.create(Status.SCHEDULED, at(day, 10)));
    int moves = 40;
    Map<Long, Long> acknowledged = new ConcurrentHashMap<>();
    cards.forEach(id -> acknowledged.put(id, 1L));
    Semaphore polled = new Semaphore(0);
    AtomicBoolean moving = new AtomicBoolean(true);
    ExecutorService mover = Executors.newSingleThreadExecutor();
    int notModified = 0;
    int full = 0;
    try {
      Future<?> moved =
          mover.submit(
              () -> {
                try {
                  Api other = Api.as(port, Users.NORTH_ADVISOR_2);
                  for (int i = 0; i < moves; i++) {
                    long id = cards.get(i % cards.size());
                    long version = acknowledged.get(id);
                    String to = Status.values()[(int) (version % Status.values().length)].name();
                    Api.Reply reply = other.move(id, to, version);
                    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                    acknowledged.put(id, version + 1);
                    // Three polls after each move: one may have started before it, the next
                    // must bring it (200), the third then finds the board unchanged (304).
                    polled.drainPermits();
                    if (!polled.tryAcquire(3, 30, TimeUnit.SECONDS)) {
                      throw new AssertionError("the poller stopped polling");
                    }
                  }
                  return null;
                } finally {
                  moving.set(false);
                }
              });

      String tag = null;
      Map<Long, Long> held = Map.of();
      while (moving.get()) {
        Map<Long, Long> before = new HashMap<>(acknowledged);
        Api.Reply reply = tag == null ? board(day, day) : board(day, day, tag);
        if (reply.status() == 304) {
          notModified++;
          assertThat(reply.header("ETag")).isEqualTo(tag);
        } else {
          assertThat(reply.status()).isEqualTo(200);
          full++;
          tag = reply.header("ETag");
          held = versions(reply);
        }
        for (long id : cards) {
          assertThat(held.get(id))
              .as("card %d in the answer to a poll sent after its move was acknowledged", id)
              .isGreaterThanOrEqualTo(before.get(id));
        }
        polled.release();
      }
      moved.get(30, TimeUnit.SECONDS);
    } finally {
      mover.shutdownNow();
    }
    assertThat(notModified).as("304 answers").isGreaterThanOrEqualTo(moves);
    assertThat(full).as("200 answers").isGreaterThanOrEqualTo(moves);
  }

  // --- helpers ---------------------------------------------------------------------------------

  static Instant at(LocalDate day, int hour) {
    return day.atTime(hour, 0).atZone(SHOP_ZONE).toInstant();
  }

  Api.Reply board(LocalDate from, LocalDate to, String... ifNoneMatch) {
    var request = api.request("/api/admin/appointments/board?from=" + from + "&to=" + to);
    for (String field : ifNoneMatch) {
      request.header("If-None-Match", field);
    }
    return api.send(request.GET());
  }

  static String cacheControl(Api.Reply reply) {
    return String.join(", ", reply.headers().allValues("Cache-Control"));
  }

  static List<JsonNode> cards(Api.Reply board) {
    assertThat(board.status()).as(board.body()).isEqualTo(200);
    return board
        .data()
        .get("columns")
        .valueStream()
        .flatMap(column -> column.get("items").valueStream())
        .toList();
  }

  static JsonNode card(Api.Reply board, long id) {
    return cards(board).stream()
        .filter(c -> c.get("appointment_id").stringValue().equals(Long.toString(id)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("card " + id + " is not on the board"));
  }

  static Map<Long, Long> versions(Api.Reply board) {
    Map<Long, Long> versions = new HashMap<>();
    for (JsonNode c : cards(board)) {
      versions.put(
          Long.parseLong(c.get("appointment_id").stringValue()), c.get("version").longValue());
    }
    return versions;
  }
}
