package dev.occ;

import dev.occ.testing.TestDatabases;
import org.jdbi.v3.core.Jdbi;

/** The contract on H2, the example app's embedded default: {@code FINAL TABLE (UPDATE …)}. */
class H2OccContractTest extends OccContractTest {
  @Override
  Jdbi jdbi() {
    return Jdbi.create(TestDatabases.freshH2Url());
  }
}
