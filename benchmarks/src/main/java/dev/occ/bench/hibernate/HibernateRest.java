package dev.occ.bench.hibernate;

import dev.occ.bench.BenchTable;
import dev.occ.bench.Moved;
import java.time.Instant;
import javax.sql.DataSource;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.cfg.JdbcSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Hibernate 7 the way a REST "move" endpoint usually uses it: a session and transaction per
 * request, load the entity by id, compare its version with the one the client sent (409 if they
 * differ), apply the client's change, and let the flush at commit send {@code UPDATE … WHERE id = ?
 * AND version = ?}. That is a SELECT and an UPDATE where occ sends one statement.
 */
@State(Scope.Benchmark)
public class HibernateRest {
  private @Nullable SessionFactory sessions;

  /** Builds a session factory on the trial's pool; no schema generation, no second-level cache. */
  @Setup(Level.Trial)
  public void setUp(BenchTable table) {
    use(table.dataSource());
  }

  /** Works on the given pool; tests pass one that counts statements. */
  public HibernateRest use(DataSource pool) {
    // Hibernate logs through jboss-logging, which would fall back to java.util.logging at INFO.
    if (System.getProperty("org.jboss.logging.provider") == null) {
      System.setProperty("org.jboss.logging.provider", "slf4j");
    }
    HibernatePersistenceConfiguration config = new HibernatePersistenceConfiguration("occ-bench");
    config.managedClass(HibernateAppointment.class);
    config.property(JdbcSettings.JAKARTA_NON_JTA_DATASOURCE, pool);
    this.sessions = config.createEntityManagerFactory();
    return this;
  }

  /** Closes the session factory. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (sessions != null) {
      sessions.close();
    }
  }

  /**
   * Moves the row if it still has the version the client sent.
   *
   * @throws IllegalStateException if it has another version: the success path never expects one
   */
  public Moved move(long id, long clientVersion, String status) {
    if (sessions == null) {
      throw new IllegalStateException("not set up");
    }
    try (Session session = sessions.openSession()) {
      Transaction tx = session.beginTransaction();
      try {
        HibernateAppointment a = session.find(HibernateAppointment.class, id);
        if (a == null) {
          throw new IllegalStateException("row " + id + " is missing");
        }
        if (a.getVersion() != clientVersion) {
          throw new IllegalStateException("row " + id + " no longer has version " + clientVersion);
        }
        a.setStatus(status);
        a.setUpdatedAt(Instant.now());
        tx.commit();
        return new Moved(a.getVersion(), a.getUpdatedAt());
      } catch (RuntimeException e) {
        if (tx.isActive()) {
          tx.rollback();
        }
        throw e;
      }
    }
  }
}
