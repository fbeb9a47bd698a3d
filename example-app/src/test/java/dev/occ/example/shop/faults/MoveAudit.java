package dev.occ.example.shop.faults;

import dev.occ.example.shop.faults.MoveClients.Attempt;
import dev.occ.example.shop.faults.MoveClients.Move;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares what the clients were told with what the database recorded, read straight from it: each
 * acknowledged move (200) must be in its card's history exactly once, no two logical moves may be
 * acknowledged for one version, each card's history must be one unbroken chain from the first
 * version to the card's current one, and every recorded move must be one that some client sent.
 * Moves that were recorded but never acknowledged are the ones whose outcome the clients did not
 * learn; among them, a move that was retried and then answered 409 is a false conflict.
 */
final class MoveAudit {
  static final long INITIAL_VERSION = 1;
  static final String INITIAL_STATUS = "SCHEDULED";

  /** One recorded move, a row of appointment_moves. */
  record Entry(long card, String fromStatus, String toStatus, long fromVersion, long toVersion) {}

  /** What the audit found; every list names the moves or entries at fault. */
  record Findings(
      int logicalMoves,
      Map<Integer, Integer> answersByStatus,
      Map<String, Integer> codes503,
      int transportErrors,
      List<String> otherAnswers,
      List<String> badAcknowledgements,
      List<String> lost,
      List<String> duplicated,
      List<String> brokenChains,
      List<String> phantoms,
      List<String> falseConflicts,
      int appliedNotAcknowledged) {}

  private MoveAudit() {}

  /** Reads the history and rows of the cards and checks them against the moves. */
  static Findings audit(Connection db, List<Long> cards, List<Move> moves) throws SQLException {
    Map<Integer, Integer> byStatus = new TreeMap<>();
    Map<String, Integer> codes503 = new TreeMap<>();
    List<String> other = new ArrayList<>();
    int transport = 0;
    for (Move m : moves) {
      for (Attempt a : m.attempts()) {
        byStatus.merge(a.status(), 1, Integer::sum);
        if (a.isTransportError()) {
          transport++;
        } else if (a.status() == 503) {
          codes503.merge(String.valueOf(a.code()), 1, Integer::sum);
        } else if (a.status() != 200 && a.status() != 409) {
          other.add(a.status() + " for " + m + ": " + a.problem());
        }
      }
    }
    if (transport > 0) {
      moves.stream()
          .flatMap(
              m ->
                  m.attempts().stream()
                      .filter(Attempt::isTransportError)
                      .map(a -> m + ": " + a.problem()))
          .limit(5)
          .forEach(other::add);
    }

    List<String> badAcks = new ArrayList<>();
    List<String> lost = new ArrayList<>();
    List<String> duplicated = new ArrayList<>();
    List<String> broken = new ArrayList<>();
    List<String> phantoms = new ArrayList<>();
    List<String> falseConflicts = new ArrayList<>();
    int appliedNotAcked = 0;
    for (long card : cards) {
      List<Entry> history = history(db, card);
      List<Move> mine = moves.stream().filter(m -> m.card == card).toList();
      broken.addAll(chainProblems(card, history, currentRow(db, card)));

      Map<Long, Entry> byToVersion = new HashMap<>();
      history.forEach(e -> byToVersion.put(e.toVersion(), e));
      // Which logical moves were acknowledged for which version of the card.
      Map<Long, Set<Move>> ackedFor = new HashMap<>();
      for (Move m : mine) {
        for (Attempt a : m.attempts()) {
          if (a.status() != 200) {
            continue;
          }
          if (a.version() == null || a.version() != m.fromVersion + 1) {
            badAcks.add(m + " acknowledged version " + a.version());
            continue;
          }
          ackedFor.computeIfAbsent(a.version(), v -> new HashSet<>()).add(m);
          Entry e = byToVersion.get(a.version());
          if (e == null || e.fromVersion() != m.fromVersion || !e.toStatus().equals(m.toStatus)) {
            lost.add(m + ": history has " + e);
          }
        }
      }
      ackedFor.forEach(
          (version, acked) -> {
            if (acked.size() > 1) {
              duplicated.add("card " + card + " v" + version + " acknowledged to " + acked);
            }
          });
      for (Entry e : history) {
        if (ackedFor.containsKey(e.toVersion())) {
          continue;
        }
        appliedNotAcked++;
        List<Move> senders =
            mine.stream()
                .filter(m -> m.fromVersion == e.fromVersion() && m.toStatus.equals(e.toStatus()))
                .toList();
        if (senders.isEmpty()) {
          phantoms.add(e + " was sent by no client");
        }
        senders.stream()
            .filter(m -> m.attempts().size() > 1 && m.last().status() == 409)
            .forEach(m -> falseConflicts.add(m + " but the history has it: " + e));
      }
    }
    return new Findings(
        moves.size(),
        byStatus,
        codes503,
        transport,
        other,
        badAcks,
        lost,
        duplicated,
        broken,
        phantoms,
        falseConflicts,
        appliedNotAcked);
  }

  private static List<String> chainProblems(long card, List<Entry> history, Entry current) {
    List<String> problems = new ArrayList<>();
    long version = INITIAL_VERSION;
    String status = INITIAL_STATUS;
    for (Entry e : history) {
      if (e.fromVersion() != version
          || e.toVersion() != version + 1
          || !e.fromStatus().equals(status)) {
        problems.add("card " + card + ": " + e + " does not follow v" + version + " " + status);
      }
      version = e.toVersion();
      status = e.toStatus();
    }
    if (current.toVersion() != version || !current.toStatus().equals(status)) {
      problems.add(
          "card "
              + card
              + " is at v"
              + current.toVersion()
              + " "
              + current.toStatus()
              + " but its history ends at v"
              + version
              + " "
              + status);
    }
    return problems;
  }

  private static List<Entry> history(Connection db, long card) throws SQLException {
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT from_status, to_status, from_version, to_version FROM appointment_moves"
                + " WHERE appointment_id = ? ORDER BY to_version")) {
      ps.setLong(1, card);
      List<Entry> entries = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          entries.add(
              new Entry(card, rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
        }
      }
      return entries;
    }
  }

  /** The card as it is now, as an entry that ends at its version and status. */
  private static Entry currentRow(Connection db, long card) throws SQLException {
    try (PreparedStatement ps =
        db.prepareStatement("SELECT status, version FROM appointments WHERE id = ?")) {
      ps.setLong(1, card);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("card " + card + " is gone");
        }
        return new Entry(card, "", rs.getString(1), -1, rs.getLong(2));
      }
    }
  }
}
