package dev.occ.spring.boot.it;

import dev.occ.Occ;
import dev.occ.RowVersion;
import dev.occ.spring.boot.Things;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** One occ write under each of Spring's ways to hold a transaction. */
@Service
public class TransactionRulesService {
  private final Occ occ;

  public TransactionRulesService(Occ occ) {
    this.occ = occ;
  }

  /** No Spring transaction: occ begins and commits its own. */
  public RowVersion alone(long id, long version) {
    return rename(id, version);
  }

  /** Inside {@code @Transactional}: occ joins, Spring commits. */
  @Transactional
  public RowVersion transactional(long id, long version) {
    return rename(id, version);
  }

  /** Inside {@code @Transactional} that then fails: Spring rolls back occ's write with the rest. */
  @Transactional
  public RowVersion transactionalThenFail(long id, long version) {
    rename(id, version);
    throw new IllegalStateException("the caller changed its mind");
  }

  /** In a transaction of its own, whatever the caller's transaction does afterwards. */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public RowVersion requiresNew(long id, long version) {
    return rename(id, version);
  }

  private RowVersion rename(long id, long version) {
    return occ.update(Things.TABLE)
        .set("name", "renamed")
        .whereId(id)
        .expectVersion(version)
        .execute();
  }
}
