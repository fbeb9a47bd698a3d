package dev.occ.test;

/**
 * Reads a row's committed version, for {@link LostUpdateProbe}: each client reads through it before
 * it writes, and the probe reads the initial and final versions through it. Read outside any
 * transaction of the code under test (a plain {@code SELECT version FROM t WHERE id = ?}), so that
 * the probe never trusts the code it checks.
 *
 * @param <K> the type of the row's id
 */
@FunctionalInterface
public interface VersionReader<K> {
  /**
   * Returns the row's committed version.
   *
   * @throws Exception if the row cannot be read; the probe counts it as a failed read
   */
  long version(K id) throws Exception;
}
