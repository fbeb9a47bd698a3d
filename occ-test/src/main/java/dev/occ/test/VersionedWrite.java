package dev.occ.test;

import static java.util.Objects.requireNonNull;

/**
 * One read-modify-write of the code under test, for {@link LostUpdateProbe}: given the version a
 * client just read, write the row and say what happened. With occ:
 *
 * <pre>{@code
 * VersionedWrite<Long> write = (id, expected) -> {
 *   try {
 *     return WriteResult.acknowledged(
 *         occ.update(ACCOUNTS).set("note", "x").whereId(id).expectVersion(expected).execute().version());
 *   } catch (VersionConflictException e) {
 *     return WriteResult.conflict(e.actualVersion());
 *   }
 * };
 * }</pre>
 *
 * @param <K> the type of the row's id
 */
@FunctionalInterface
public interface VersionedWrite<K> {
  /**
   * Writes the row as of the expected version and reports the outcome.
   *
   * @throws Exception if the outcome is unknown; the probe counts it as a failure that may or may
   *     not have written
   */
  WriteResult write(K id, long expectedVersion) throws Exception;

  /**
   * A write that returns the row's new version; every return is an acknowledgement.
   *
   * @param <K> the type of the row's id
   */
  @FunctionalInterface
  interface ReturningNewVersion<K> {
    /**
     * Writes the row as of the expected version and returns its new version.
     *
     * @throws Exception if the write failed or was refused
     */
    long write(K id, long expectedVersion) throws Exception;
  }

  /**
   * Adapts a write that returns the new version: a return is acknowledged, an exception of the
   * conflict type is a conflict (without an actual version), any other exception an unknown
   * outcome.
   */
  static <K> VersionedWrite<K> returningNewVersion(
      ReturningNewVersion<K> write, Class<? extends Exception> conflict) {
    requireNonNull(write, "write");
    requireNonNull(conflict, "conflict");
    return (id, expected) -> {
      try {
        return WriteResult.acknowledged(write.write(id, expected));
      } catch (Exception e) {
        if (conflict.isInstance(e)) {
          return WriteResult.conflict();
        }
        throw e;
      }
    };
  }

  /** Adapts a write that returns the new version and never reports a conflict (last write wins). */
  static <K> VersionedWrite<K> returningNewVersion(ReturningNewVersion<K> write) {
    requireNonNull(write, "write");
    return (id, expected) -> WriteResult.acknowledged(write.write(id, expected));
  }
}
