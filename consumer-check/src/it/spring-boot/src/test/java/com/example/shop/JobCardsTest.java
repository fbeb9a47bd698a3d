package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.occ.RowVersion;
import dev.occ.VersionConflictException;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The starter, resolved through the BOM, gives the application occ in Spring's transactions. */
@SpringBootTest
class JobCardsTest {
  @Autowired JobCards cards;
  @Autowired Jdbi jdbi;

  @BeforeEach
  void createTable() {
    jdbi.useHandle(h -> {
      h.execute("CREATE TABLE IF NOT EXISTS job_cards (id BIGINT PRIMARY KEY,"
          + " status VARCHAR(20) NOT NULL, version BIGINT NOT NULL,"
          + " updated_at TIMESTAMP WITH TIME ZONE NOT NULL)");
      h.execute("DELETE FROM job_cards");
    });
  }

  @Test
  void aMoveAtTheVersionReadSucceedsAndAStaleOneConflicts() {
    RowVersion opened = cards.open(7L, "WAITING");
    RowVersion moved = cards.move(7L, "IN_BAY", opened.version());

    VersionConflictException stale = catchThrowableOfType(VersionConflictException.class,
        () -> cards.move(7L, "DONE", opened.version()));

    assertThat(moved.version()).isEqualTo(opened.version() + 1);
    assertThat(stale.actualVersion()).isEqualTo(moved.version());
    assertThat(status(7L)).isEqualTo("IN_BAY");
  }

  @Test
  void aRolledBackTransactionTakesTheMoveBack() {
    RowVersion opened = cards.open(8L, "WAITING");

    assertThatThrownBy(() -> cards.moveThenFail(8L, "IN_BAY", opened.version()))
        .isInstanceOf(IllegalStateException.class);

    assertThat(status(8L)).isEqualTo("WAITING");
    assertThat(cards.move(8L, "IN_BAY", opened.version()).version()).isEqualTo(opened.version() + 1);
  }

  private String status(long id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT status FROM job_cards WHERE id = :id")
        .bind("id", id).mapTo(String.class).one());
  }
}
