package dev.occ;

import dev.occ.testing.TestDatabases;
import org.jdbi.v3.core.Jdbi;

/**
 * The contract through the fallback dialect (write, then read the locked row), on H2: what a
 * database without single-statement returning gets.
 */
class GenericDialectOccContractTest extends OccContractTest {
  @Override
  Jdbi jdbi() {
    return Jdbi.create(TestDatabases.freshH2Url());
  }

  @Override
  Occ.Builder configure(Occ.Builder builder) {
    return builder.database(Database.GENERIC);
  }
}
