package dev.occ.testing;

import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * Makes PostgreSQL fail the first k updates of {@code items} with a chosen SQLState, through a
 * BEFORE UPDATE trigger. A sequence counts the attempts, because {@code nextval} is not rolled back
 * with the failed transaction: after a run, {@link #attempts()} is how many times the UPDATE ran.
 */
public final class InjectedFailures {
  private static final Pattern SQL_STATE = Pattern.compile("[0-9A-Z]{5}");

  private final Jdbi jdbi;

  private InjectedFailures(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Installs the counting sequence and the trigger function (not yet the trigger) in the schema.
   */
  public static InjectedFailures install(Jdbi jdbi) {
    jdbi.useHandle(
        h -> {
          h.execute("CREATE SEQUENCE update_attempts");
          h.execute(
              "CREATE FUNCTION fail_first_updates() RETURNS trigger LANGUAGE plpgsql AS $$"
                  + " BEGIN"
                  + "   IF nextval('update_attempts') <= TG_ARGV[1]::bigint THEN"
                  + "     RAISE EXCEPTION 'injected failure %', TG_ARGV[0] USING ERRCODE = TG_ARGV[0];"
                  + "   END IF;"
                  + "   RETURN NEW;"
                  + " END $$");
        });
    return new InjectedFailures(jdbi);
  }

  /** From now on, the next {@code times} updates of {@code items} fail with the SQLState. */
  public void failNextUpdates(String sqlState, int times) {
    if (!SQL_STATE.matcher(sqlState).matches()) {
      throw new IllegalArgumentException("not a SQLState: " + sqlState);
    }
    jdbi.useHandle(
        h -> {
          h.execute("DROP TRIGGER IF EXISTS fail_first ON items");
          // Trigger arguments are literals; both are checked above, so concatenation is safe.
          h.execute(
              "CREATE TRIGGER fail_first BEFORE UPDATE ON items FOR EACH ROW"
                  + " EXECUTE FUNCTION fail_first_updates('"
                  + sqlState
                  + "', '"
                  + times
                  + "')");
          h.execute("ALTER SEQUENCE update_attempts RESTART");
        });
  }

  /** Removes the trigger, so updates run normally and are no longer counted. */
  public void stop() {
    jdbi.useHandle(h -> h.execute("DROP TRIGGER IF EXISTS fail_first ON items"));
  }

  /** Returns how many row updates the trigger saw since {@link #failNextUpdates}. */
  public long attempts() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM update_attempts")
                .mapTo(Long.class)
                .one());
  }
}
