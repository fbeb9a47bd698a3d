package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.example.shop.appointments.MoveService;
import dev.occ.example.shop.appointments.Moved;
import dev.occ.example.shop.appointments.Status;
import dev.occ.example.shop.support.Appointments;
import dev.occ.example.shop.tenancy.CurrentShop;
import dev.occ.testing.TestDatabases;
import java.text.MessageFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Counts what a move sends to PostgreSQL, at the wire: pgjdbc's own log of the protocol messages it
 * sends, split into round trips at each Sync. A move is three round trips: BEGIN with the
 * transaction's shop for row-level security ({@code set_config}), the one statement that updates
 * the card and records the history (a data-modifying CTE, where the first version of the app needed
 * three statements), and COMMIT. Counted below the app, so that a statement sent past Jdbi (the
 * shop's, sent by the transaction manager) is counted too.
 */
@SpringBootTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class MoveRoundTripIntegrationTest {
  private static TestDatabases.Schema schema;

  @Autowired MoveService moves;
  @Autowired Jdbi jdbi;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    schema = TestDatabases.freshPostgresSchema("roundtrip");
    PostgresProperties.add(registry, schema);
  }

  @AfterAll
  static void dropSchema() {
    if (schema != null) {
      schema.close();
    }
  }

  @Test
  void aMoveIsThreeRoundTripsTheShopTheStatementThatUpdatesAndRecordsAndCommit() {
    long id =
        new Appointments(PostgresProperties.owner(schema)).create(Status.SCHEDULED, Instant.now());
    // The first write of the app's Occ detects the dialect.
    move(id, Status.CHECKED_IN, 1);
    List<String> statements = new CopyOnWriteArrayList<>();
    Thread mover = Thread.currentThread();
    jdbi.getConfig(SqlStatements.class)
        .setSqlLogger(
            new SqlLogger() {
              @Override
              public void logBeforeExecution(StatementContext context) {
                if (Thread.currentThread() == mover) {
                  statements.add(context.getRenderedSql());
                }
              }
            });
    Wire wire = Wire.listen(mover);
    Moved moved;
    try {
      moved = move(id, Status.IN_PROGRESS, 2);
    } finally {
      wire.close();
      jdbi.getConfig(SqlStatements.class).setSqlLogger(SqlLogger.NOP_SQL_LOGGER);
    }

    assertThat(moved.version()).isEqualTo(3);
    assertThat(statements).as("statements through Jdbi").hasSize(1);
    assertThat(statements.get(0))
        .startsWith("WITH occ_old AS (SELECT")
        .contains("RETURNING", "INSERT INTO \"appointment_moves\"");
    List<String> trips = wire.roundTrips();
    assertThat(trips).as("round trips: %s", trips).hasSize(3);
    assertThat(trips.get(0)).contains("BEGIN", "set_config('shop.id'");
    assertThat(trips.get(1)).contains("WITH occ_old AS (SELECT");
    assertThat(trips.get(2)).doesNotContain("set_config", "occ_old");
    List<Integer> history =
        PostgresProperties.owner(schema)
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT to_version FROM appointment_moves WHERE appointment_id = :id"
                                + " AND from_status = 'CHECKED_IN' AND to_status = 'IN_PROGRESS'"
                                + " AND shop_id = 'north' AND moved_by = 'north-advisor'")
                        .bind("id", id)
                        .mapTo(Integer.class)
                        .list());
    assertThat(history).containsExactly(3);
  }

  private Moved move(long id, Status to, long version) {
    return CurrentShop.callAs("north", () -> moves.move("north", "north-advisor", id, to, version));
  }

  /** pgjdbc's log of the messages one thread sends, at its most detailed level. */
  private static final class Wire extends Handler {
    private static final Logger PGJDBC = Logger.getLogger("org.postgresql.core.v3");
    private final Thread thread;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Level before;

    private Wire(Thread thread) {
      this.thread = thread;
      this.before = PGJDBC.getLevel();
      setLevel(Level.FINEST);
    }

    static Wire listen(Thread thread) {
      Wire wire = new Wire(thread);
      PGJDBC.setLevel(Level.FINEST);
      PGJDBC.addHandler(wire);
      return wire;
    }

    @Override
    public void publish(LogRecord record) {
      if (Thread.currentThread() == thread && record.getMessage().startsWith(" FE=>")) {
        Object[] parameters = record.getParameters();
        messages.add(
            parameters == null
                ? record.getMessage()
                : MessageFormat.format(record.getMessage(), parameters));
      }
    }

    /**
     * The messages sent, one string per round trip (everything up to a Sync); a pool's validation
     * of an idle connection (an empty query) is not the move's and is left out.
     */
    List<String> roundTrips() {
      List<String> trips = new ArrayList<>();
      StringBuilder trip = new StringBuilder();
      for (String message : messages) {
        trip.append(message).append('\n');
        if (message.startsWith(" FE=> Sync")) {
          String text = trip.toString();
          if (!text.contains("query=\"\"")) {
            trips.add(text);
          }
          trip.setLength(0);
        }
      }
      return trips;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      PGJDBC.removeHandler(this);
      PGJDBC.setLevel(before);
    }
  }
}
