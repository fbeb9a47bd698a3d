package dev.occ.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

/**
 * HikariCP pools configured the way applications configure them, for tests that need a real pool.
 */
public final class Pools {
  private Pools() {}

  /**
   * Opens a small pool.
   *
   * @param autoCommit the auto-commit state of the pool's connections (Hikari resets it on return)
   * @param initSql SQL run once on each new connection, e.g. a lock timeout, or {@code null}
   */
  public static HikariDataSource hikari(
      String url, String user, String password, boolean autoCommit, @Nullable String initSql) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setAutoCommit(autoCommit);
    config.setMaximumPoolSize(4);
    config.setPoolName("occ-test-" + (autoCommit ? "autocommit" : "no-autocommit"));
    if (initSql != null) {
      config.setConnectionInitSql(initSql);
    }
    return new HikariDataSource(config);
  }
}
