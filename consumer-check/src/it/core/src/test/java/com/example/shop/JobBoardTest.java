package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.occ.RowNotFoundException;
import dev.occ.RowVersion;
import dev.occ.VersionConflictException;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** occ-core, resolved through the BOM, writes, detects a stale write and a missing row. */
class JobBoardTest {
  private Jdbi jdbi;
  private JobBoard board;

  @BeforeEach
  void createTable() {
    jdbi = Jdbi.create("jdbc:h2:mem:board" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    jdbi.useHandle(h -> h.execute("CREATE TABLE job_cards (id BIGINT PRIMARY KEY,"
        + " status VARCHAR(20) NOT NULL, version BIGINT NOT NULL,"
        + " updated_at TIMESTAMP WITH TIME ZONE NOT NULL)"));
    board = new JobBoard(jdbi);
  }

  @Test
  void aMoveAtTheVersionReadSucceedsAndAStaleOneConflicts() {
    RowVersion opened = board.open(7L, "WAITING");
    RowVersion moved = board.move(7L, "IN_BAY", opened.version());

    VersionConflictException stale = assertThrows(VersionConflictException.class,
        () -> board.move(7L, "DONE", opened.version()));

    assertEquals(1, opened.version());
    assertEquals(2, moved.version());
    assertEquals(1, stale.expectedVersion());
    assertEquals(2, stale.actualVersion());
    assertEquals("IN_BAY", status(7L));
  }

  @Test
  void aMoveOfAMissingCardIsNotFound() {
    RowNotFoundException missing = assertThrows(RowNotFoundException.class,
        () -> board.move(8L, "IN_BAY", 1));

    assertEquals(8L, missing.id());
  }

  private String status(long id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT status FROM job_cards WHERE id = :id")
        .bind("id", id).mapTo(String.class).one());
  }
}
