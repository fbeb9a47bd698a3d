package dev.occ.bench.springdata;

import dev.occ.bench.BenchTable;
import dev.occ.bench.Moved;
import java.time.Instant;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Spring Data JDBC the way a REST "move" endpoint usually uses it: in a transaction, load the
 * aggregate, compare its version with the client's (409 if they differ), change it and save it,
 * which sends {@code UPDATE … WHERE id = ? AND version = ?} with every column.
 */
@State(Scope.Benchmark)
public class SpringDataJdbcRest {
  private @Nullable AnnotationConfigApplicationContext context;
  private @Nullable JdbcAggregateTemplate template;
  private @Nullable TransactionTemplate transactions;

  /** Starts a minimal Spring context on the trial's pool. */
  @Setup(Level.Trial)
  public void setUp(BenchTable table) {
    use(table.dataSource());
  }

  /** Works on the given pool; tests pass one that counts statements. */
  public SpringDataJdbcRest use(DataSource pool) {
    AnnotationConfigApplicationContext ctx = new AnnotationConfigApplicationContext();
    ctx.registerBean(DataSource.class, () -> pool);
    ctx.register(SpringDataConfig.class);
    ctx.refresh();
    this.context = ctx;
    this.template = ctx.getBean(JdbcAggregateTemplate.class);
    this.transactions = ctx.getBean(TransactionTemplate.class);
    return this;
  }

  /** Closes the Spring context. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (context != null) {
      context.close();
    }
  }

  /**
   * Moves the row if it still has the version the client sent.
   *
   * @throws IllegalStateException if it has another version: the success path never expects one
   */
  public Moved move(long id, long clientVersion, String status) {
    JdbcAggregateTemplate t = template;
    TransactionTemplate tx = transactions;
    if (t == null || tx == null) {
      throw new IllegalStateException("not set up");
    }
    SpringDataAppointment saved =
        tx.execute(
            st -> {
              SpringDataAppointment a = t.findById(id, SpringDataAppointment.class);
              if (a == null) {
                throw new IllegalStateException("row " + id + " is missing");
              }
              if (a.version != clientVersion) {
                throw new IllegalStateException(
                    "row " + id + " no longer has version " + clientVersion);
              }
              a.status = status;
              a.updatedAt = Instant.now();
              return t.save(a);
            });
    if (saved == null) {
      throw new IllegalStateException("the transaction returned nothing");
    }
    return new Moved(saved.version, saved.updatedAt);
  }
}
