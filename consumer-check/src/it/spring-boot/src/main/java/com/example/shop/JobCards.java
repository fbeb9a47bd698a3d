package com.example.shop;

import dev.occ.Occ;
import dev.occ.RowVersion;
import dev.occ.VersionedTable;
import dev.occ.spring.boot.RetryOnTransientFailure;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A user's service on the starter's {@link Occ} bean, in Spring transactions. */
@Service
public class JobCards {
  static final VersionedTable CARDS = VersionedTable.of("job_cards");

  private final Occ occ;

  public JobCards(Occ occ) {
    this.occ = occ;
  }

  @Transactional
  public RowVersion open(long id, String status) {
    return occ.insert(CARDS).value("id", id).value("status", status).execute();
  }

  @Transactional
  @RetryOnTransientFailure
  public RowVersion move(long id, String status, long expectedVersion) {
    return occ.update(CARDS)
        .set("status", status)
        .whereId(id)
        .expectVersion(expectedVersion)
        .execute();
  }

  /** Moves the card, then fails: the transaction's rollback must take the move back. */
  @Transactional
  public void moveThenFail(long id, String status, long expectedVersion) {
    move(id, status, expectedVersion);
    throw new IllegalStateException("the bay is closed");
  }
}
