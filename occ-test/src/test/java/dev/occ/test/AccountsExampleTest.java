package dev.occ.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.Occ;
import dev.occ.RowVersion;
import dev.occ.TransientFailureException;
import dev.occ.VersionConflictException;
import dev.occ.VersionedTable;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

// readme:start
@ExtendWith(OccTestExtension.class)
class AccountsExampleTest {
  static final VersionedTable ACCOUNTS = VersionedTable.of("accounts");

  @FaultTarget
  DataSource database = ExampleDatabase.accounts(); // your real DataSource (here: in-memory H2)

  @Test
  void aDeadlockIsRetriedOnceAndCounted(FaultInjector faults, OccRetryCounter retries) {
    Occ occ = Occ.builder(Jdbi.create(faults.dataSource())).listener(retries).build();
    InjectedFault deadlock =
        faults
            .failStatements("(?i)\\bupdate\\s+\"?accounts\\b")
            .times(1)
            .with(SqlFailure.postgresDeadlock());

    RowVersion v = occ.update(ACCOUNTS).set("owner", "Ada").whereId(1L).expectVersion(1).execute();

    assertThat(v.version()).isEqualTo(2);
    assertThat(deadlock.matched()).isEqualTo(2); // the UPDATE ran twice: failed, then retried
    assertThat(retries.count("deadlock")).isEqualTo(1);
  }

  @Test
  void concurrentWritersLoseNoUpdate(FaultInjector faults, LostUpdateProbe probe) {
    Occ occ = Occ.create(Jdbi.create(faults.dataSource()));
    Jdbi direct = Jdbi.create(database); // reads bypass the code under test

    ProbeReport report =
        probe.run(
            1L,
            id ->
                direct.withHandle(
                    h ->
                        h.createQuery("SELECT version FROM accounts WHERE id = :id")
                            .bind("id", id)
                            .mapTo(Long.class)
                            .one()),
            (id, expected) -> {
              try {
                return WriteResult.acknowledged(
                    occ.update(ACCOUNTS)
                        .set("owner", "probe")
                        .whereId(id)
                        .expectVersion(expected)
                        .execute()
                        .version());
              } catch (VersionConflictException e) {
                return WriteResult.conflict(e.actualVersion());
              } catch (TransientFailureException e) {
                return WriteResult.notApplied("retries ran out"); // occ rolled it back
              }
            });

    report.assertNoLostUpdates(); // fails, listing each lost update, for last-write-wins code
  }
}
// readme:end
