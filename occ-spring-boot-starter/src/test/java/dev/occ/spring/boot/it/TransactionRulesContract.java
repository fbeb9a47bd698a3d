package dev.occ.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.occ.Occ;
import dev.occ.RowVersion;
import dev.occ.spring.boot.Things;
import dev.occ.testing.TestDatabases;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Invariant 6 of the design ("acknowledged means committed") under every way a Spring application
 * holds a transaction: a write occ acknowledges is committed when the call that owns it ends, and a
 * caller's rollback undoes it. Every check reads the row on a fresh connection of its own, outside
 * the pool. Subclasses run it on a pool whose connections have auto-commit on, and on one where it
 * is off.
 */
abstract class TransactionRulesContract {
  @Autowired TransactionRulesService service;
  @Autowired PlatformTransactionManager transactions;
  @Autowired Occ occ;
  @Autowired Jdbi jdbi;

  abstract TestDatabases.Schema schema();

  @Test
  void withoutATransactionTheAcknowledgedWriteIsCommitted() {
    long id = Things.insertNew(direct());

    RowVersion written = service.alone(id, 1);

    assertThat(written.version()).isEqualTo(2);
    assertThat(Things.version(direct(), id)).isEqualTo(2);
  }

  @Test
  void insideTransactionalTheWriteCommitsWithTheMethod() {
    long id = Things.insertNew(direct());

    service.transactional(id, 1);

    assertThat(Things.version(direct(), id)).isEqualTo(2);
  }

  @Test
  void aTransactionalMethodThatFailsRollsTheWriteBack() {
    long id = Things.insertNew(direct());

    assertThatThrownBy(() -> service.transactionalThenFail(id, 1))
        .isInstanceOf(IllegalStateException.class);

    assertThat(Things.version(direct(), id)).isEqualTo(1);
  }

  @Test
  void insideATransactionTemplateTheWriteIsPartOfItsTransaction() {
    long id = Things.insertNew(direct());
    TransactionTemplate template = new TransactionTemplate(transactions);

    template.executeWithoutResult(
        status -> {
          occ.update(Things.TABLE).set("name", "renamed").whereId(id).expectVersion(1).execute();
          // Not visible outside until the template commits.
          assertThat(Things.version(direct(), id)).isEqualTo(1);
        });
    assertThat(Things.version(direct(), id)).isEqualTo(2);

    template.executeWithoutResult(
        status -> {
          occ.update(Things.TABLE).set("name", "again").whereId(id).expectVersion(2).execute();
          status.setRollbackOnly();
        });
    assertThat(Things.version(direct(), id)).isEqualTo(2);
  }

  @Test
  void requiresNewCommitsWhateverTheOuterTransactionDoes() {
    long id = Things.insertNew(direct());
    TransactionTemplate outer = new TransactionTemplate(transactions);

    outer.executeWithoutResult(
        status -> {
          service.requiresNew(id, 1);
          status.setRollbackOnly();
        });

    assertThat(Things.version(direct(), id)).isEqualTo(2);
  }

  @Test
  void insideJdbisTransactionTheWriteJoinsItAndItsRollbackUndoesIt() {
    long id = Things.insertNew(direct());

    assertThatThrownBy(
            () ->
                jdbi.useTransaction(
                    h -> {
                      occ.update(Things.TABLE)
                          .set("name", "renamed")
                          .whereId(id)
                          .expectVersion(1)
                          .execute();
                      throw new IllegalStateException("the caller changed its mind");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(Things.version(direct(), id)).isEqualTo(1);

    jdbi.useTransaction(
        h ->
            occ.update(Things.TABLE).set("name", "renamed").whereId(id).expectVersion(1).execute());
    assertThat(Things.version(direct(), id)).isEqualTo(2);
  }

  @Test
  void requiresNewCommitsBeforeTheOuterTransactionEnds() {
    // A REQUIRES_NEW write is committed when its own transaction ends, while the outer one is open.
    long id = Things.insertNew(direct());
    new TransactionTemplate(transactions)
        .executeWithoutResult(
            status -> {
              TransactionTemplate inner = new TransactionTemplate(transactions);
              inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
              inner.executeWithoutResult(
                  s ->
                      occ.update(Things.TABLE)
                          .set("name", "inner")
                          .whereId(id)
                          .expectVersion(1)
                          .execute());
              assertThat(Things.version(direct(), id)).isEqualTo(2);
            });
  }

  /** The schema's own connections, past the app's pool: what is committed. */
  private Jdbi direct() {
    return Things.direct(schema());
  }
}
