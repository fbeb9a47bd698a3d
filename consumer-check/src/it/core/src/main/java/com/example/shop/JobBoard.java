package com.example.shop;

import dev.occ.Occ;
import dev.occ.RowVersion;
import dev.occ.VersionedTable;
import org.jdbi.v3.core.Jdbi;

/** A user's own code on occ-core: job cards that move between columns at the version read. */
public final class JobBoard {
  static final VersionedTable CARDS = VersionedTable.of("job_cards");

  private final Occ occ;

  public JobBoard(Jdbi jdbi) {
    this.occ = Occ.create(jdbi);
  }

  public RowVersion open(long id, String status) {
    return occ.insert(CARDS).value("id", id).value("status", status).execute();
  }

  public RowVersion move(long id, String status, long expectedVersion) {
    return occ.update(CARDS)
        .set("status", status)
        .whereId(id)
        .expectVersion(expectedVersion)
        .execute();
  }
}
