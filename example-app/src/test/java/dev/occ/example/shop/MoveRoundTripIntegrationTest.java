package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.Occ;
import dev.occ.example.shop.appointments.MoveService;
import dev.occ.example.shop.appointments.Moved;
import dev.occ.example.shop.appointments.Status;
import dev.occ.example.shop.support.Appointments;
import dev.occ.testing.TestDatabases;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * Counts the statements a move sends on PostgreSQL: one — the versioned update that hands back the
 * status it replaced and inserts the history row in the same data-modifying CTE — where the first
 * version of the app needed three (a locking read of the status, the update, the insert).
 */
@SpringBootTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class MoveRoundTripIntegrationTest {
  private static TestDatabases.Schema schema;

  @Autowired MoveService moves;
  @Autowired Occ occ;
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
  void aMoveIsOneStatementThatUpdatesAndRecordsTheHistory() {
    long id = new Appointments(occ).create(Status.SCHEDULED, Instant.now());
    moves.move(
        "north",
        "north-advisor",
        id,
        Status.CHECKED_IN,
        1); // the first write of the app's Occ detects the dialect
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
    try {
      Moved moved = moves.move("north", "north-advisor", id, Status.IN_PROGRESS, 2);

      assertThat(moved.version()).isEqualTo(3);
      assertThat(statements).hasSize(1);
      assertThat(statements.get(0))
          .startsWith("WITH occ_old AS (SELECT")
          .contains("RETURNING", "INSERT INTO \"appointment_moves\"");
      List<Integer> history =
          jdbi.withHandle(
              h ->
                  h.createQuery(
                          "SELECT to_version FROM appointment_moves WHERE appointment_id = :id"
                              + " AND from_status = 'CHECKED_IN' AND to_status = 'IN_PROGRESS'")
                      .bind("id", id)
                      .mapTo(Integer.class)
                      .list());
      assertThat(history).containsExactly(3);
    } finally {
      jdbi.getConfig(SqlStatements.class).setSqlLogger(SqlLogger.NOP_SQL_LOGGER);
    }
  }
}
