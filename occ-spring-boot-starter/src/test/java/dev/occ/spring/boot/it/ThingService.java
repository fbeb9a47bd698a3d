package dev.occ.spring.boot.it;

import dev.occ.Occ;
import dev.occ.RowVersion;
import dev.occ.spring.boot.RetryOnTransientFailure;
import dev.occ.spring.boot.Things;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Renames things with occ inside Spring transactions, recording the transaction of each attempt.
 */
@Service
public class ThingService {
  private final Occ occ;
  private final Jdbi jdbi;
  private final List<Attempt> attempts = new CopyOnWriteArrayList<>();

  public ThingService(Occ occ, Jdbi jdbi) {
    this.occ = occ;
    this.jdbi = jdbi;
  }

  /** Renames the thing at the expected version; transient failures re-run it all. */
  @Transactional
  @RetryOnTransientFailure
  public RowVersion rename(long id, String name, long expectedVersion) {
    attempts.add(
        new Attempt(
            id,
            currentTransactionId(),
            TransactionSynchronizationManager.isActualTransactionActive()));
    return occ.update(Things.TABLE)
        .set("name", name)
        .whereId(id)
        .expectVersion(expectedVersion)
        .fetchCurrentOnConflict()
        .execute();
  }

  /** Renames the thing, then fails, so that the transaction rolls back. */
  @Transactional
  public void renameThenFail(long id, String name, long expectedVersion) {
    occ.update(Things.TABLE).set("name", name).whereId(id).expectVersion(expectedVersion).execute();
    throw new IllegalStateException("rolled back on purpose");
  }

  /** Returns the attempts made at renaming the thing. */
  public List<Attempt> attempts(long id) {
    return attempts.stream().filter(a -> a.id() == id).toList();
  }

  private long currentTransactionId() {
    return jdbi.withHandle(h -> h.createQuery("SELECT txid_current()").mapTo(Long.class).one());
  }

  /**
   * One attempt at a rename.
   *
   * @param id the thing
   * @param transactionId PostgreSQL's id of the transaction the attempt ran in
   * @param transactionActive whether Spring had a transaction open for it
   */
  public record Attempt(long id, long transactionId, boolean transactionActive) {}
}
