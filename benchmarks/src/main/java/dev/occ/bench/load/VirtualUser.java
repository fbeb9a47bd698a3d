package dev.occ.bench.load;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One user of the web board. An iteration loads the board, drags a random card to a random other
 * column with the version the board showed, and on a 409 re-syncs from the conflict's {@code
 * error.current} and tries once more, as the board's conflict handler does. Not thread-safe: one
 * per thread.
 */
final class VirtualUser {
  private final ShopClient client;
  private final LocalDate from;
  private final LocalDate to;
  private final @Nullable Set<String> hotIds;
  private final SplittableRandom random;
  private final Tally tally = new Tally();

  /**
   * @param hotIds the only cards to move, or null to move any card on the board
   */
  VirtualUser(
      ShopClient client,
      LocalDate from,
      LocalDate to,
      @Nullable Set<String> hotIds,
      SplittableRandom random) {
    this.client = client;
    this.from = from;
    this.to = to;
    this.hotIds = hotIds;
    this.random = random;
  }

  Tally tally() {
    return tally;
  }

  /**
   * Runs one iteration.
   *
   * @param intendedStart when the iteration should have started ({@link System#nanoTime()}): the
   *     open model's schedule, or the moment the closed model's user was ready; the board request's
   *     latency and the iteration's are measured from it, so time spent waiting to start counts
   * @param measured whether the warmup is over and this iteration counts
   */
  void iterate(long intendedStart, boolean measured) {
    if (measured) {
      tally.iterations++;
    }
    ShopClient.Reply board = client.board(from, to);
    if (measured) {
      tally.boardRequests++;
      Tally.record(tally.board, board.endNanos() - intendedStart);
    }
    if (board.status() != 200) {
      failed("board", board, measured);
      return;
    }
    BoardSnapshot snapshot;
    try {
      snapshot = BoardSnapshot.parse(board.body());
    } catch (IllegalArgumentException e) {
      unexpected("board: " + e.getMessage(), measured);
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

  private void move(Card card, String target, List<String> statuses, boolean measured) {
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
    JsonNode error = first.body().path("error");
    Card current = Card.from(error.path("current"), null);
    OptionalLong currentVersion = ContractJson.integer(error.get("current_version"));
    if (current == null && currentVersion.isEmpty()) {
      unexpected("409 without error.current or error.current_version", measured);
      return;
    }
    long version = currentVersion.isPresent() ? currentVersion.getAsLong() : current.version();
    String status = current == null ? null : current.status();
    // The user still wants the card in the column they dropped it on, unless it is there already.
    String retryTarget = target.equals(status) ? otherStatus(statuses, target) : target;
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

  private void acknowledge(
      String id, long from, String status, ShopClient.Reply reply, boolean measured) {
    OptionalLong to = ContractJson.integer(reply.body().path("data").get("version"));
    if (to.isEmpty()) {
      // The move happened but cannot be audited: the response broke the contract.
      unexpected("200 move without data.version for card " + id, measured);
      return;
    }
    // Kept even during warmup: every move the app acknowledged must be in its history.
    tally.acks.add(new Ack(id, from, to.getAsLong(), status));
    if (measured) {
      tally.acknowledged++;
    }
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
