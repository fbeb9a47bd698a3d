package dev.occ.testing;

import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * Makes MariaDB fail chosen row updates of {@code items} with a chosen SQLState and error number,
 * through an AFTER UPDATE trigger that {@code SIGNAL}s: the row has been changed when the error is
 * raised, so a failed attempt that was not rolled back would show. The trigger counts row updates
 * in a MyISAM table, which a rollback cannot undo: after a run, {@link #attempts()} is how many row
 * updates were tried.
 */
public final class MariaDbInjectedFailures {
  private static final Pattern SQL_STATE = Pattern.compile("[0-9A-Z]{5}");

  private final Jdbi jdbi;

  private MariaDbInjectedFailures(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Installs the attempt counter (not yet the trigger) in the database of the Jdbi. */
  public static MariaDbInjectedFailures install(Jdbi jdbi) {
    jdbi.useHandle(
        h -> {
          h.execute("CREATE TABLE update_attempts (n BIGINT NOT NULL) ENGINE=MyISAM");
          h.execute("INSERT INTO update_attempts (n) VALUES (0)");
        });
    return new MariaDbInjectedFailures(jdbi);
  }

  /** From now on, the next {@code times} row updates of {@code items} fail with the error. */
  public void failNextUpdates(String sqlState, int errorNumber, int times) {
    failUpdates(sqlState, errorNumber, 0, times);
  }

  /**
   * From now on, {@code skip} row updates of {@code items} succeed, the {@code times} after them
   * fail with the error, and all later ones succeed.
   */
  public void failUpdates(String sqlState, int errorNumber, int skip, int times) {
    if (!SQL_STATE.matcher(sqlState).matches()) {
      throw new IllegalArgumentException("not a SQLState: " + sqlState);
    }
    if (errorNumber < 1 || errorNumber > 65535 || skip < 0 || times < 0) {
      throw new IllegalArgumentException("error number 1-65535, skip and times >= 0");
    }
    jdbi.useHandle(
        h -> {
          h.execute("DROP TRIGGER IF EXISTS fail_updates");
          h.execute("UPDATE update_attempts SET n = 0");
          // SIGNAL takes literals only; all four values are checked above.
          h.execute(
              "CREATE TRIGGER fail_updates AFTER UPDATE ON items FOR EACH ROW"
                  + " BEGIN"
                  + "   DECLARE attempt BIGINT;"
                  + "   UPDATE update_attempts SET n = n + 1;"
                  + "   SELECT n INTO attempt FROM update_attempts;"
                  + "   IF attempt > "
                  + skip
                  + " AND attempt <= "
                  + ((long) skip + times)
                  + " THEN"
                  + "     SIGNAL SQLSTATE '"
                  + sqlState
                  + "'"
                  + "       SET MYSQL_ERRNO = "
                  + errorNumber
                  + ", MESSAGE_TEXT = 'injected failure';"
                  + "   END IF;"
                  + " END");
        });
  }

  /** Removes the trigger, so updates run normally and are no longer counted. */
  public void stop() {
    jdbi.useHandle(h -> h.execute("DROP TRIGGER IF EXISTS fail_updates"));
  }

  /** Returns how many row updates the trigger saw since {@link #failUpdates} was last called. */
  public long attempts() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT n FROM update_attempts").mapTo(Long.class).one());
  }
}
