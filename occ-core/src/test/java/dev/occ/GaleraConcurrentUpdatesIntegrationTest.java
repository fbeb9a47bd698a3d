package dev.occ;

import dev.occ.testing.GaleraNodes;
import dev.occ.testing.RecordingListener;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The concurrent-updates property (invariants 1–3) on the three-node Galera cluster, each thread of
 * a run on the node after the previous thread's. A competing write on another node is either
 * replicated already, and the versioned UPDATE sees it, or not yet, and certification fails the
 * later COMMIT (1213, rolled back, retried); neither may lose, double or misreport an update.
 */
class GaleraConcurrentUpdatesIntegrationTest extends ConcurrentUpdatesProperty {
  private static final String DATABASE =
      "occ_galera_prop_" + UUID.randomUUID().toString().substring(0, 8);

  private static final Map<Jdbi, Occ> OCCS = new ConcurrentHashMap<>();
  private static final RecordingListener RETRIES = new RecordingListener();

  private static String first;
  private static List<Jdbi> nodes;

  @BeforeAll
  static void createDatabase() throws SQLException {
    List<String> urls = GaleraNodes.urls();
    first = urls.get(0);
    GaleraNodes.createItems(first, DATABASE, 0, 1);
    nodes =
        urls.stream()
            .map(url -> Jdbi.create(GaleraNodes.inDatabase(url, DATABASE), "root", ""))
            .toList();
  }

  @AfterAll
  static void dropDatabase() throws SQLException {
    System.out.println(
        "galera property: retries by reason "
            + RETRIES.retries().stream()
                .collect(
                    Collectors.groupingBy(RecordingListener.Retry::reason, Collectors.counting())));
    GaleraNodes.dropDatabase(first, DATABASE);
  }

  @Override
  Jdbi jdbi() {
    return nodes.get(0);
  }

  @Override
  Jdbi jdbi(int thread) {
    return nodes.get(thread % nodes.size());
  }

  @Override
  Occ occ(Jdbi jdbi) {
    // Two writers on two nodes that both pass their UPDATE lose one COMMIT to certification; a few
    // more attempts than the default let the property see conflicts rather than give-ups.
    // One per node for the whole class.
    return OCCS.computeIfAbsent(
        jdbi,
        j ->
            Occ.builder(j)
                .retryPolicy(RetryPolicy.builder().maxAttempts(4).build())
                .listener(RETRIES)
                .build());
  }

  @Override
  boolean mayFailTransiently() {
    return true;
  }
}
