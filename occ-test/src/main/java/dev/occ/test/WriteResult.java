package dev.occ.test;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link VersionedWrite} reports to {@link LostUpdateProbe}: acknowledged at a new version,
 * refused as a conflict, or not applied for another reason. A write that throws instead has an
 * unknown outcome: the probe then allows that it may have happened.
 */
public sealed interface WriteResult
    permits WriteResult.Acknowledged, WriteResult.Conflict, WriteResult.NotApplied {

  /**
   * The write happened, and the row is now at {@code newVersion}.
   *
   * @param newVersion the version the write reports the row is at
   */
  record Acknowledged(long newVersion) implements WriteResult {}

  /**
   * The write was refused because the row is no longer at the expected version.
   *
   * @param actualVersion the version the conflict reported, or {@code null} if it reported none
   */
  record Conflict(@Nullable Long actualVersion) implements WriteResult {}

  /**
   * The write certainly did not happen, for a reason other than a conflict (retries ran out, say).
   *
   * @param reason why, for the report
   */
  record NotApplied(String reason) implements WriteResult {
    /** Checks the reason. */
    public NotApplied {
      requireNonNull(reason, "reason");
    }
  }

  /** The write happened; the row is now at {@code newVersion}. */
  static WriteResult acknowledged(long newVersion) {
    return new Acknowledged(newVersion);
  }

  /** The write was refused: the row is at {@code actualVersion}, not at the expected one. */
  static WriteResult conflict(long actualVersion) {
    return new Conflict(actualVersion);
  }

  /** The write was refused as a conflict that did not say which version the row is at. */
  static WriteResult conflict() {
    return new Conflict(null);
  }

  /** The write certainly did not happen, for the given reason. */
  static WriteResult notApplied(String reason) {
    return new NotApplied(reason);
  }
}
