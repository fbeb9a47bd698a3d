package dev.occ.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The lost-move audit on synthetic acknowledgements and histories. */
class MoveAuditTest {
  private static MoveAudit.Move move(String from, String to, long v) {
    return new MoveAudit.Move(from, to, v, v + 1);
  }

  private static final List<MoveAudit.Move> CHAIN =
      List.of(
          move("SCHEDULED", "CHECKED_IN", 1),
          move("CHECKED_IN", "IN_PROGRESS", 2),
          move("IN_PROGRESS", "READY", 3));

  private static Map<String, @Nullable List<MoveAudit.Move>> histories(List<MoveAudit.Move> moves) {
    Map<String, @Nullable List<MoveAudit.Move>> h = new HashMap<>();
    h.put("7", moves);
    return h;
  }

  private static MoveAudit.Result audit(
      List<Ack> acks, List<MoveAudit.Move> history, @Nullable Card now) {
    return MoveAudit.audit(acks, histories(history), now == null ? Map.of() : Map.of("7", now));
  }

  @Test
  void everyAcknowledgedMoveInAnUnbrokenChainIsKept() {
    List<Ack> acks = List.of(new Ack("7", 1, 2, "CHECKED_IN"), new Ack("7", 3, 4, "READY"));

    MoveAudit.Result r = audit(acks, CHAIN, new Card("7", "READY", 4));

    assertThat(r.clean()).isTrue();
    assertThat(r.kept()).isEqualTo(2);
    assertThat(r.cards()).isEqualTo(1);
  }

  @Test
  void aMoveOutsideTheHistoryIsLost() {
    MoveAudit.Result r = audit(List.of(new Ack("7", 4, 5, "COMPLETED")), CHAIN, null);

    assertThat(r.missing()).isEqualTo(1);
    assertThat(r.lostMoves()).isEqualTo(1);
    assertThat(r.clean()).isFalse();
  }

  @Test
  void anAcknowledgementThatSkippedAVersionOverwroteSomeone() {
    // Sent 1, told 3: the app applied the move on top of version 2 it never showed the client.
    MoveAudit.Result r = audit(List.of(new Ack("7", 1, 3, "IN_PROGRESS")), CHAIN, null);

    assertThat(r.notIncrement()).isEqualTo(1);
    assertThat(r.problems()).anyMatch(p -> p.contains("overwrote"));
  }

  @Test
  void aVersionTheHistoryGivesToAnotherStatusIsLost() {
    MoveAudit.Result r = audit(List.of(new Ack("7", 2, 3, "COMPLETED")), CHAIN, null);

    assertThat(r.wrongStatus()).isEqualTo(1);
  }

  @Test
  void twoAcknowledgementsOfOneVersionAreLost() {
    List<Ack> acks = List.of(new Ack("7", 1, 2, "CHECKED_IN"), new Ack("7", 1, 2, "CHECKED_IN"));

    assertThat(audit(acks, CHAIN, null).doubleAcks()).isEqualTo(1);
  }

  @Test
  void aMoveRecordedTwiceIsDuplicatedAndForksTheChain() {
    List<MoveAudit.Move> history = new ArrayList<>(CHAIN);
    history.add(move("SCHEDULED", "CHECKED_IN", 1));

    MoveAudit.Result r = audit(List.of(new Ack("7", 1, 2, "CHECKED_IN")), history, null);

    assertThat(r.duplicated()).isEqualTo(1);
    assertThat(r.forks()).isEqualTo(1);
  }

  @Test
  void aMissingLinkIsAGap() {
    List<MoveAudit.Move> history = List.of(CHAIN.get(0), CHAIN.get(2));

    MoveAudit.Result r = audit(List.of(new Ack("7", 1, 2, "CHECKED_IN")), history, null);

    assertThat(r.gaps()).isEqualTo(1);
    assertThat(r.kept()).isEqualTo(1);
  }

  @Test
  void aStatusThatChangedBetweenMovesIsAGap() {
    List<MoveAudit.Move> history =
        List.of(move("SCHEDULED", "CHECKED_IN", 1), move("READY", "COMPLETED", 2));

    assertThat(audit(List.of(new Ack("7", 1, 2, "CHECKED_IN")), history, null).gaps()).isEqualTo(1);
  }

  @Test
  void aStepOfMoreThanOneVersionIsASkip() {
    List<MoveAudit.Move> history = List.of(new MoveAudit.Move("SCHEDULED", "READY", 1, 3));

    assertThat(audit(List.of(), history, null).cards()).isZero();
    assertThat(audit(List.of(new Ack("7", 1, 3, "READY")), history, null).skips()).isEqualTo(1);
  }

  @Test
  void historyOutOfOrderIsNotAGap() {
    List<MoveAudit.Move> shuffled = List.of(CHAIN.get(2), CHAIN.get(0), CHAIN.get(1));

    assertThat(audit(List.of(new Ack("7", 2, 3, "IN_PROGRESS")), shuffled, null).clean()).isTrue();
  }

  @Test
  void aBoardThatDisagreesWithTheLastMoveIsAMismatch() {
    MoveAudit.Result r =
        audit(List.of(new Ack("7", 1, 2, "CHECKED_IN")), CHAIN, new Card("7", "READY", 5));

    assertThat(r.finalMismatch()).isEqualTo(1);
  }

  @Test
  void anUnreadableHistoryFailsTheAudit() {
    Map<String, @Nullable List<MoveAudit.Move>> none = new HashMap<>();
    none.put("7", null);

    MoveAudit.Result r = MoveAudit.audit(List.of(new Ack("7", 1, 2, "CHECKED_IN")), none, Map.of());

    assertThat(r.unreadable()).isEqualTo(1);
    assertThat(r.clean()).isFalse();
  }

  @Test
  void movesAreReadFromTheContractsJson() {
    JsonNode json =
        ContractJson.read(
            "{\"from_status\":\"SCHEDULED\",\"to_status\":\"READY\","
                + "\"from_version\":4,\"to_version\":5,\"moved_at\":\"2026-01-01T10:00:00Z\"}");

    assertThat(MoveAudit.Move.from(json)).isEqualTo(new MoveAudit.Move("SCHEDULED", "READY", 4, 5));
    assertThat(MoveAudit.Move.from(ContractJson.read("{\"from_status\":\"SCHEDULED\"}"))).isNull();
  }
}
