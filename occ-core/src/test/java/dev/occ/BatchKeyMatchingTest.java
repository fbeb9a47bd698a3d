package dev.occ;

import dev.occ.testing.TestDatabases;
import org.jdbi.v3.core.Jdbi;

/** Batch key matching on H2. */
class BatchKeyMatchingTest extends BatchKeyMatchingContract {
  @Override
  Jdbi jdbi() {
    return Jdbi.create(TestDatabases.freshH2Url());
  }

  @Override
  String binaryType() {
    return "VARBINARY(16)";
  }
}
