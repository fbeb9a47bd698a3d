package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MariaDbSettingsTest {

  @Test
  void lockWaitsEndASecondBeforeTheStatementTimeout() {
    assertThat(MariaDbSettings.lockWait(Duration.ofSeconds(3)))
        .isEqualTo("innodb_lock_wait_timeout=2");
    assertThat(MariaDbSettings.lockWait(Duration.ofMillis(10_500)))
        .isEqualTo("innodb_lock_wait_timeout=9");
  }

  @Test
  void lockWaitsLastAtLeastASecond() {
    assertThat(MariaDbSettings.lockWait(Duration.ofSeconds(1)))
        .isEqualTo("innodb_lock_wait_timeout=1");
  }

  @Test
  void onlyMariaDbUrlsAreMariaDb() {
    assertThat(MariaDbSettings.isMariaDbUrl("jdbc:mariadb://127.0.0.1:3306/shop")).isTrue();
    assertThat(MariaDbSettings.isMariaDbUrl("jdbc:mariadb:sequential://db1,db2/shop")).isTrue();
    assertThat(MariaDbSettings.isMariaDbUrl("JDBC:MARIADB://db/shop")).isTrue();
    assertThat(MariaDbSettings.isMariaDbUrl("jdbc:postgresql://127.0.0.1:5432/shop")).isFalse();
    assertThat(MariaDbSettings.isMariaDbUrl("jdbc:h2:mem:shop")).isFalse();
    assertThat(MariaDbSettings.isMariaDbUrl(null)).isFalse();
  }

  @Test
  void addsEveryOptionThatIsNotSetYet() {
    try (HikariDataSource pool = new HikariDataSource()) {
      pool.setJdbcUrl("jdbc:mariadb://127.0.0.1:3306/shop");

      MariaDbSettings.addMissing(pool, MariaDbSettings.UTC_SESSION);

      assertThat(pool.getDataSourceProperties()).containsAllEntriesOf(MariaDbSettings.UTC_SESSION);
    }
  }

  @Test
  void leavesAloneWhatTheUrlOrThePoolSets() {
    try (HikariDataSource pool = new HikariDataSource()) {
      pool.setJdbcUrl(
          "jdbc:mariadb://127.0.0.1:3306/shop?useSsl=true&connectionTimeZone=Europe/Paris");
      pool.addDataSourceProperty("preserveInstants", "false");

      MariaDbSettings.addMissing(
          pool,
          Map.of(
              "connectionTimeZone", "UTC", "preserveInstants", "true", "sessionVariables", "x=1"));

      assertThat(pool.getDataSourceProperties())
          .doesNotContainKey("connectionTimeZone")
          .containsEntry("preserveInstants", "false")
          .containsEntry("sessionVariables", "x=1");
    }
  }
}
