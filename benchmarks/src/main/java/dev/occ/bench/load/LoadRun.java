package dev.occ.bench.load;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a run found: one report per target and, with several targets, their comparison.
 *
 * @param reports one per target, in the order given
 * @param comparison the targets side by side, or null with one target
 */
public record LoadRun(List<LoadReport> reports, @Nullable Comparison comparison) {
  /** Keeps the list as given. */
  public LoadRun {
    reports = List.copyOf(reports);
  }

  /**
   * Whether every target held every threshold and, when compared, no move was lost between them.
   */
  public boolean passed() {
    return reports.stream().allMatch(LoadReport::passed)
        && (comparison == null || comparison.passed());
  }
}
