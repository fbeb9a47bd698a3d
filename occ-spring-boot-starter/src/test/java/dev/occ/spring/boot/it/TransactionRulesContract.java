package dev.occ.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.occ.Occ;
import dev.occ.RowVersion;
import dev.occ.spring.boot.Things;
import dev.occ.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
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
  private static final AtomicLong IDS = new AtomicLong();

  @Autowired TransactionRulesService service;
  @Autowired PlatformTransactionManager transactions;
  @Autowired Occ occ;
  @Autowired Jdbi jdbi;

  abstract TestDatabases.Schema schema();

  static void createTable(TestDatabases.Schema schema) throws SQLException {
    try (Connection c = schema.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE things (id BIGINT PRIMARY KEY, name TEXT NOT NULL,"
              + " version BIGINT NOT NULL, updated_at TIMESTAMPTZ)");
    }
  }

  @Test
  void withoutATransactionTheAcknowledgedWriteIsCommitted() throws SQLException {
    long id = newThing();

    RowVersion written = service.alone(id, 1);

    assertThat(written.version()).isEqualTo(2);
    assertThat(committedVersion(id)).isEqualTo(2);
  }

  @Test
  void insideTransactionalTheWriteCommitsWithTheMethod() throws SQLException {
    long id = newThing();

    service.transactional(id, 1);

    assertThat(committedVersion(id)).isEqualTo(2);
  }

  @Test
  void aTransactionalMethodThatFailsRollsTheWriteBack() throws SQLException {
    long id = newThing();

    assertThatThrownBy(() -> service.transactionalThenFail(id, 1))
        .isInstanceOf(IllegalStateException.class);

    assertThat(committedVersion(id)).isEqualTo(1);
  }

  @Test
  void insideATransactionTemplateTheWriteIsPartOfItsTransaction() throws SQLException {
    long id = newThing();
    TransactionTemplate template = new TransactionTemplate(transactions);

    template.executeWithoutResult(
        status -> {
          occ.update(Things.TABLE).set("name", "renamed").whereId(id).expectVersion(1).execute();
          try {
            // Not visible outside until the template commits.
            assertThat(committedVersion(id)).isEqualTo(1);
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });
    assertThat(committedVersion(id)).isEqualTo(2);

    template.executeWithoutResult(
        status -> {
          occ.update(Things.TABLE).set("name", "again").whereId(id).expectVersion(2).execute();
          status.setRollbackOnly();
        });
    assertThat(committedVersion(id)).isEqualTo(2);
  }

  @Test
  void requiresNewCommitsWhateverTheOuterTransactionDoes() throws SQLException {
    long id = newThing();
    TransactionTemplate outer = new TransactionTemplate(transactions);

    outer.executeWithoutResult(
        status -> {
          service.requiresNew(id, 1);
          status.setRollbackOnly();
        });

    assertThat(committedVersion(id)).isEqualTo(2);
  }

  @Test
  void insideJdbisTransactionTheWriteJoinsItAndItsRollbackUndoesIt() throws SQLException {
    long id = newThing();

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
    assertThat(committedVersion(id)).isEqualTo(1);

    jdbi.useTransaction(
        h ->
            occ.update(Things.TABLE).set("name", "renamed").whereId(id).expectVersion(1).execute());
    assertThat(committedVersion(id)).isEqualTo(2);
  }

  @Test
  void requiresNewCommitsBeforeTheOuterTransactionEnds() throws SQLException {
    // A REQUIRES_NEW write is committed when its own transaction ends, while the outer one is open.
    long id = newThing();
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
              try {
                assertThat(committedVersion(id)).isEqualTo(2);
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });
  }

  private long newThing() throws SQLException {
    long id = IDS.incrementAndGet();
    try (Connection c = schema().connect();
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO things (id, name, version) VALUES (" + id + ", 'new', 1)");
    }
    return id;
  }

  private long committedVersion(long id) throws SQLException {
    try (Connection c = schema().connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM things WHERE id = " + id)) {
      assertThat(rs.next()).isTrue();
      return rs.getLong(1);
    }
  }
}
