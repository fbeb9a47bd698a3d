package dev.occ.bench.load;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One user of the web board. In the board-and-move mix an iteration loads the board, drags a random
 * card to a random other column with the version the board showed, and on a 409 re-syncs from the
 * conflict's {@code error.current} and tries once more, as the board's conflict handler does. In
 * the moves mix the user loads the board once at its start ({@link #prepare()}) and each iteration
 * only moves a card, from the version the user last saw of it: its own last acknowledged move's, or
 * a 409's {@code error.current}; the board is loaded again only after an error. Not thread-safe:
 * one per thread.
 */
final class VirtualUser {
  private final ShopClient client;
  private final LocalDate from;
  private final LocalDate to;
  private final @Nullable Set<String> hotIds;
  private final LoadOptions.Mix mix;
  private final SplittableRandom random;
  private final Tally tally = new Tally();

  /** Moves mix: the cards as this user last saw them by id, or null until the board is read. */
  private @Nullable Map<String, Card> seen;

  /** Moves mix: the ids of {@link #seen} this user may move. */
  private List<String> movable = List.of();

  /** Moves mix: the board's columns when it was last read. */
  private List<String> statuses = List.of();

  /**
   * @param hotIds the only cards to move, or null to move any card on the board
   */
  VirtualUser(
      ShopClient client,
      LocalDate from,
      LocalDate to,
      @Nullable Set<String> hotIds,
      LoadOptions.Mix mix,
      SplittableRandom random) {
    this.client = client;
    this.from = from;
    this.to = to;
    this.hotIds = hotIds;
    this.mix = mix;
    this.random = random;
  }

  Tally tally() {
    return tally;
  }

  /**
   * Moves mix: reads the board before the load starts, unmeasured, as a user opens the board once
   * before dragging cards; if that fails, the first iteration reads it again, measured.
   */
  void prepare() {
    if (mix != LoadOptions.Mix.MOVES) {
      return;
    }
    ShopClient.Reply board = client.board(from, to);
    if (board.status() == 200) {
      try {
        remember(BoardSnapshot.parse(board.body()));
      } catch (IllegalArgumentException e) {
        // Left unread: the first iteration reads the board again and counts what is wrong.
      }
    }
  }

  /**
   * Runs one iteration.
   *
   * @param intendedStart when the iteration should have started ({@link System#nanoTime()}): the
   *     open model's schedule, or the moment the closed model's user was ready; the latency of the
   *     iteration's first request and of the whole iteration are measured from it, so time spent
   *     waiting to start counts
   * @param measured whether the warmup is over and this iteration counts
   */
  void iterate(long intendedStart, boolean measured) {
    if (measured) {
      tally.iterations++;
    }
    if (mix == LoadOptions.Mix.MOVES) {
      moveFromWhatWasSeen(intendedStart, measured);
      return;
    }
    BoardSnapshot snapshot = readBoard(intendedStart, measured);
    if (snapshot == null) {
      return;
    }
    List<Card> candidates = candidates(snapshot.cards());
    if (candidates.isEmpty()) {
      if (measured) {
        tally.noCard++;
      }
      return;
    }
    Card card = candidates.get(random.nextInt(candidates.size()));
    String target = otherStatus(snapshot.statuses(), card.status());
    move(card, target, snapshot.statuses(), measured);
    if (measured) {
      Tally.record(tally.iteration, System.nanoTime() - intendedStart);
    }
  }

  /** Loads the board, timed from the iteration's intended start; null if it failed (counted). */
  private @Nullable BoardSnapshot readBoard(long intendedStart, boolean measured) {
    ShopClient.Reply board = client.board(from, to);
    if (measured) {
      tally.boardRequests++;
      Tally.record(tally.board, board.endNanos() - intendedStart);
    }
    if (board.status() != 200) {
      failed("board", board, measured);
      return null;
    }
    try {
      return BoardSnapshot.parse(board.body());
    } catch (IllegalArgumentException e) {
      unexpected("board: " + e.getMessage(), measured);
      return null;
    }
  }

  /** The moves mix's iteration: one move, no retry; what it answers is what the user sees next. */
  private void moveFromWhatWasSeen(long intendedStart, boolean measured) {
    boolean reread = seen == null;
    if (reread) {
      BoardSnapshot snapshot = readBoard(intendedStart, measured);
      if (snapshot == null) {
        return;
      }
      remember(snapshot);
    }
    Map<String, Card> cards = seen;
    if (cards == null || movable.isEmpty()) {
      if (measured) {
        tally.noCard++;
      }
      return;
    }
    Card card = cards.get(movable.get(random.nextInt(movable.size())));
    String target = otherStatus(statuses, card.status());
    ShopClient.Reply reply = client.move(card.id(), target, card.version());
    if (measured) {
      tally.moveRequests++;
      tally.firstMoves++;
      // The move is the iteration's first request unless the board had to be read again: timed
      // from the schedule, so a queue in front of the app is charged to the moves.
      Tally.record(tally.move, reply.endNanos() - (reread ? reply.startNanos() : intendedStart));
    }
    if (reply.status() == 200) {
      OptionalLong version = acknowledge(card.id(), card.version(), target, reply, measured);
      if (version.isPresent()) {
        cards.put(card.id(), new Card(card.id(), target, version.getAsLong()));
      } else {
        seen = null;
      }
    } else if (reply.status() == 409) {
      if (measured) {
        tally.conflicts++;
        tally.firstConflicts++;
      }
      Card current = conflictCurrent(card, reply, measured);
      if (current == null) {
        seen = null;
      } else {
        cards.put(card.id(), current);
      }
    } else {
      failed("move", reply, measured);
      seen = null;
    }
    if (measured) {
      Tally.record(tally.iteration, System.nanoTime() - intendedStart);
    }
  }

  private void remember(BoardSnapshot snapshot) {
    Map<String, Card> cards = new HashMap<>();
    snapshot.cards().forEach(c -> cards.put(c.id(), c));
    List<String> ids = new ArrayList<>();
    candidates(snapshot.cards()).forEach(c -> ids.add(c.id()));
    seen = cards;
    movable = List.copyOf(ids);
    statuses = snapshot.statuses();
  }

  /**
   * The card as a 409 says it is now, from {@code error.current} and {@code error.current_version};
   * null (counted as unexpected) when the 409 says neither.
   */
  private @Nullable Card conflictCurrent(Card stale, ShopClient.Reply reply, boolean measured) {
    JsonNode error = reply.body().path("error");
    Card current = Card.from(error.path("current"), null);
    OptionalLong currentVersion = ContractJson.integer(error.get("current_version"));
    if (current == null && currentVersion.isEmpty()) {
      unexpected("409 without error.current or error.current_version", measured);
      return null;
    }
    long version = currentVersion.isPresent() ? currentVersion.getAsLong() : current.version();
    String status = current == null ? stale.status() : current.status();
    return new Card(stale.id(), status, version);
  }

  private void move(Card card, String target, List<String> columns, boolean measured) {
    ShopClient.Reply first = sendMove(card.id(), target, card.version(), measured);
    if (measured) {
      tally.firstMoves++;
    }
    if (first.status() == 200) {
      acknowledge(card.id(), card.version(), target, first, measured);
      return;
    }
    if (first.status() != 409) {
      failed("move", first, measured);
      return;
    }
    if (measured) {
      tally.conflicts++;
      tally.firstConflicts++;
    }
    // Re-sync from the conflict itself, as the board does, rather than reloading everything.
    Card current = conflictCurrent(card, first, measured);
    if (current == null) {
      return;
    }
    long version = current.version();
    // The user still wants the card in the column they dropped it on, unless it is there already.
    String retryTarget = target.equals(current.status()) ? otherStatus(columns, target) : target;
    ShopClient.Reply second = sendMove(card.id(), retryTarget, version, measured);
    if (measured) {
      tally.retries++;
    }
    if (second.status() == 200) {
      if (measured) {
        tally.recovered++;
      }
      acknowledge(card.id(), version, retryTarget, second, measured);
    } else if (second.status() == 409) {
      if (measured) {
        tally.conflicts++;
        tally.retryConflicts++;
      }
    } else {
      failed("move retry", second, measured);
    }
  }

  private ShopClient.Reply sendMove(String id, String status, long version, boolean measured) {
    ShopClient.Reply reply = client.move(id, status, version);
    if (measured) {
      tally.moveRequests++;
      Tally.record(tally.move, reply.endNanos() - reply.startNanos());
    }
    return reply;
  }

  /** Keeps a 200 for the audit and returns the version it answered; empty if it gave none. */
  private OptionalLong acknowledge(
      String id, long from, String status, ShopClient.Reply reply, boolean measured) {
    OptionalLong to = ContractJson.integer(reply.body().path("data").get("version"));
    if (to.isEmpty()) {
      // The move happened but cannot be audited: the response broke the contract.
      unexpected("200 move without data.version for card " + id, measured);
      return to;
    }
    // Kept even during warmup: every move the app acknowledged must be in its history.
    tally.acks.add(new Ack(id, from, to.getAsLong(), status));
    if (measured) {
      tally.acknowledged++;
    }
    return to;
  }

  private void failed(String what, ShopClient.Reply reply, boolean measured) {
    if (!measured) {
      return;
    }
    if (reply.transportError()) {
      tally.transportErrors++;
      tally.sample(what + ": " + reply.problem());
    } else if (reply.refused()) {
      // The credentials are wrong or the user may not do this: never a success, always an error.
      tally.authErrors++;
      tally.sample(what + ": HTTP " + reply.status() + " " + errorCode(reply));
    } else if (reply.serverError()) {
      tally.serverErrors++;
      tally.sample(what + ": HTTP " + reply.status() + " " + errorCode(reply));
    } else {
      unexpected(what + ": HTTP " + reply.status() + " " + errorCode(reply), true);
    }
  }

  private void unexpected(String what, boolean measured) {
    if (measured) {
      tally.unexpected++;
      tally.sample(what);
    }
  }

  private static String errorCode(ShopClient.Reply reply) {
    String code = ContractJson.text(reply.body().path("error").get("code"));
    return code == null ? (reply.problem() == null ? "" : reply.problem()) : code;
  }

  private List<Card> candidates(List<Card> cards) {
    if (hotIds == null) {
      return cards;
    }
    List<Card> hot = new ArrayList<>(hotIds.size());
    for (Card c : cards) {
      if (hotIds.contains(c.id())) {
        hot.add(c);
      }
    }
    return hot;
  }

  private String otherStatus(List<String> statuses, String current) {
    int at = statuses.indexOf(current);
    if (at < 0) {
      return statuses.get(random.nextInt(statuses.size()));
    }
    // A uniform pick among the other columns.
    int pick = random.nextInt(statuses.size() - 1);
    return statuses.get(pick >= at ? pick + 1 : pick);
  }
}
