package dev.occ.bench.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The lost-move audit: holds the app's acknowledgements against its own move history.
 *
 * <p>An acknowledged move is <em>kept</em> when the card's history holds exactly one move from the
 * version the client sent to the version the app answered, into the status the client asked for.
 * Anything else is a lost move: missing from the history, recorded twice, acknowledged with a
 * version that is not the sent one + 1 (the write replaced one the client never saw), attributed to
 * another status (someone else's move took that version), or acknowledged twice for one version.
 *
 * <p>Independently, each card's history must be one chain: every step goes from version v to v + 1
 * (no skips), no version is left twice (no forks), each move starts where the previous one ended,
 * in version and in status (no gaps), and the last move leaves the card as the board shows it now.
 */
public final class MoveAudit {
  private static final int MAX_PROBLEMS = 20;

  private MoveAudit() {}

  /**
   * One entry of {@code data.moves}.
   *
   * @param fromStatus the status before
   * @param toStatus the status after
   * @param fromVersion the version before
   * @param toVersion the version after
   */
  public record Move(String fromStatus, String toStatus, long fromVersion, long toVersion) {
    /** Reads one move of the contract; null if a field is missing or mistyped. */
    static @Nullable Move from(JsonNode json) {
      String fromStatus = ContractJson.text(json.get("from_status"));
      String toStatus = ContractJson.text(json.get("to_status"));
      OptionalLong fromVersion = ContractJson.integer(json.get("from_version"));
      OptionalLong toVersion = ContractJson.integer(json.get("to_version"));
      if (fromStatus == null || toStatus == null || fromVersion.isEmpty() || toVersion.isEmpty()) {
        return null;
      }
      return new Move(fromStatus, toStatus, fromVersion.getAsLong(), toVersion.getAsLong());
    }
  }

  /**
   * What the audit found; every count but the first three is a violation.
   *
   * @param cards cards audited
   * @param acknowledged acknowledged moves audited
   * @param kept acknowledged moves found exactly once, as acknowledged
   * @param missing acknowledged moves not in the history
   * @param duplicated acknowledged moves in the history more than once
   * @param notIncrement acknowledgements whose new version is not the sent one + 1
   * @param wrongStatus acknowledged versions the history gives to another status
   * @param doubleAcks versions acknowledged to more than one move
   * @param skips history steps that do not go from v to v + 1
   * @param forks versions the history leaves more than once
   * @param gaps history moves that do not start where the previous one ended
   * @param finalMismatch cards the board shows in another state than their last move left them
   * @param unreadable cards whose history could not be read or parsed
   * @param problems the first few violations, described
   */
  public record Result(
      int cards,
      long acknowledged,
      long kept,
      long missing,
      long duplicated,
      long notIncrement,
      long wrongStatus,
      long doubleAcks,
      long skips,
      long forks,
      long gaps,
      long finalMismatch,
      long unreadable,
      List<String> problems) {

    /** Acknowledged moves that are not in the history exactly as acknowledged. */
    public long lostMoves() {
      return missing + duplicated + notIncrement + wrongStatus + doubleAcks;
    }

    /** Breaks in the cards' version chains. */
    public long chainBreaks() {
      return skips + forks + gaps + finalMismatch;
    }

    /** Whether the audit proves that no acknowledged move was lost. */
    public boolean clean() {
      return lostMoves() == 0 && chainBreaks() == 0 && unreadable == 0;
    }

    /** The result as JSON-ready values. */
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("cards", cards);
      m.put("acknowledged", acknowledged);
      m.put("kept", kept);
      m.put("lost_moves", lostMoves());
      m.put("chain_breaks", chainBreaks());
      m.put("missing", missing);
      m.put("duplicated", duplicated);
      m.put("not_increment", notIncrement);
      m.put("wrong_status", wrongStatus);
      m.put("double_acks", doubleAcks);
      m.put("skips", skips);
      m.put("forks", forks);
      m.put("gaps", gaps);
      m.put("final_mismatch", finalMismatch);
      m.put("unreadable_histories", unreadable);
      m.put("problems", problems);
      return m;
    }
  }

  /**
   * Audits the acknowledgements against the histories.
   *
   * @param acks every acknowledged move of the run
   * @param histories each acknowledged card's history in the app's order; a null list means it
   *     could not be read
   * @param board the cards as the board shows them after the run, by id; cards not on it skip the
   *     final-state check
   */
  public static Result audit(
      List<Ack> acks, Map<String, @Nullable List<Move>> histories, Map<String, Card> board) {
    Map<String, List<Ack>> byCard = new TreeMap<>();
    for (Ack a : acks) {
      byCard.computeIfAbsent(a.cardId(), k -> new ArrayList<>()).add(a);
    }
    Counts c = new Counts();
    for (Map.Entry<String, List<Ack>> e : byCard.entrySet()) {
      String id = e.getKey();
      List<Move> history = histories.get(id);
      if (history == null) {
        c.unreadable++;
        c.problem(
            "card " + id + ": history unreadable, " + e.getValue().size() + " moves unverified");
        continue;
      }
      checkAcks(id, e.getValue(), history, c);
      checkChain(id, history, board.get(id), c);
    }
    return new Result(
        byCard.size(),
        acks.size(),
        c.kept,
        c.missing,
        c.duplicated,
        c.notIncrement,
        c.wrongStatus,
        c.doubleAcks,
        c.skips,
        c.forks,
        c.gaps,
        c.finalMismatch,
        c.unreadable,
        List.copyOf(c.problems));
  }

  private static void checkAcks(String id, List<Ack> acks, List<Move> history, Counts c) {
    Map<Long, List<Move>> byTarget = new HashMap<>();
    for (Move m : history) {
      byTarget.computeIfAbsent(m.toVersion(), k -> new ArrayList<>()).add(m);
    }
    Map<Long, Integer> acksPerVersion = new HashMap<>();
    for (Ack a : acks) {
      if (acksPerVersion.merge(a.toVersion(), 1, Integer::sum) == 2) {
        c.doubleAcks++;
        c.problem("card " + id + ": version " + a.toVersion() + " acknowledged to two moves");
      }
      if (a.toVersion() != a.fromVersion() + 1) {
        c.notIncrement++;
        c.problem(
            "card "
                + id
                + ": sent version "
                + a.fromVersion()
                + ", acknowledged "
                + a.toVersion()
                + " (overwrote a move the client never saw)");
        continue;
      }
      List<Move> same = new ArrayList<>();
      for (Move m : byTarget.getOrDefault(a.toVersion(), List.of())) {
        if (m.fromVersion() == a.fromVersion()) {
          same.add(m);
        }
      }
      if (same.isEmpty()) {
        c.missing++;
        c.problem(
            "card "
                + id
                + ": acknowledged move "
                + a.fromVersion()
                + "→"
                + a.toVersion()
                + " is not in the history");
      } else if (same.size() > 1) {
        c.duplicated++;
        c.problem(
            "card "
                + id
                + ": move "
                + a.fromVersion()
                + "→"
                + a.toVersion()
                + " is in the"
                + " history "
                + same.size()
                + " times");
      } else if (!same.get(0).toStatus().equals(a.toStatus())) {
        c.wrongStatus++;
        c.problem(
            "card "
                + id
                + ": version "
                + a.toVersion()
                + " acknowledged as "
                + a.toStatus()
                + " but the history says "
                + same.get(0).toStatus());
      } else {
        c.kept++;
      }
    }
  }

  private static void checkChain(String id, List<Move> history, @Nullable Card now, Counts c) {
    // Sorted by version, not trusted in the app's order: a tie in moved_at must not look like a
    // gap.
    List<Move> moves = new ArrayList<>(history);
    moves.sort(Comparator.comparingLong(Move::fromVersion).thenComparingLong(Move::toVersion));
    Move previous = null;
    for (Move m : moves) {
      if (m.toVersion() != m.fromVersion() + 1) {
        c.skips++;
        c.problem("card " + id + ": history step " + m.fromVersion() + "→" + m.toVersion());
      }
      if (previous != null) {
        if (m.fromVersion() == previous.fromVersion()) {
          c.forks++;
          c.problem("card " + id + ": version " + m.fromVersion() + " was left twice");
        } else if (m.fromVersion() != previous.toVersion()
            || !m.fromStatus().equals(previous.toStatus())) {
          c.gaps++;
          c.problem(
              "card "
                  + id
                  + ": history jumps from "
                  + previous.toVersion()
                  + " "
                  + previous.toStatus()
                  + " to "
                  + m.fromVersion()
                  + " "
                  + m.fromStatus());
        }
      }
      previous = m;
    }
    if (now != null
        && previous != null
        && (now.version() != previous.toVersion() || !now.status().equals(previous.toStatus()))) {
      c.finalMismatch++;
      c.problem(
          "card "
              + id
              + ": board shows "
              + now.version()
              + " "
              + now.status()
              + ", last move left "
              + previous.toVersion()
              + " "
              + previous.toStatus());
    }
  }

  private static final class Counts {
    long kept;
    long missing;
    long duplicated;
    long notIncrement;
    long wrongStatus;
    long doubleAcks;
    long skips;
    long forks;
    long gaps;
    long finalMismatch;
    long unreadable;
    final List<String> problems = new ArrayList<>();

    void problem(String p) {
      if (problems.size() < MAX_PROBLEMS) {
        problems.add(p);
      }
    }
  }
}
