package dev.occ.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.occ.example.shop.tenancy.RowLevelSecurity;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Every migration exists for both locations (see {@link MariaDbSettings}): the shared one of
 * PostgreSQL and H2 and MariaDB's. A version in one only would leave the other database's schema
 * behind the code without a word from Flyway, which only sees its own location.
 */
class MigrationVersionsTest {

  @Test
  void everyMigrationHasAMariaDbTwinOfTheSameVersion() throws IOException {
    Set<String> shared = versions(MariaDbSettings.SHARED_MIGRATIONS);
    Set<String> mariaDb = versions(MariaDbSettings.MARIADB_MIGRATIONS);

    assertThat(shared).as("db/migration").isNotEmpty();
    assertThat(mariaDb)
        .as("versions in db/mariadb; write the MariaDB version of each migration in db/migration")
        .isEqualTo(shared);
  }

  @Test
  void postgresqlsOwnLocationHoldsRepeatableMigrationsOnly() throws IOException {
    Resource[] versioned =
        new PathMatchingResourcePatternResolver()
            .getResources(
                RowLevelSecurity.POSTGRES_MIGRATIONS.replace("classpath:", "classpath*:")
                    + "/V*__*.sql");
    Resource[] repeatable =
        new PathMatchingResourcePatternResolver()
            .getResources(
                RowLevelSecurity.POSTGRES_MIGRATIONS.replace("classpath:", "classpath*:")
                    + "/R__*.sql");

    // A versioned migration there would put PostgreSQL's schema at a version H2's and MariaDB's
    // never reach; what only PostgreSQL has (row-level security) is re-run as it changes instead.
    assertThat(versioned).as("versioned migrations in db/postgresql").isEmpty();
    assertThat(repeatable).extracting(Resource::getFilename).contains("R__row_level_security.sql");
  }

  /** Returns the versions (V1, V2, ...) of the SQL migrations in a classpath location. */
  static Set<String> versions(String location) throws IOException {
    Set<String> versions = new TreeSet<>();
    scripts(location).forEach(name -> versions.add(name.substring(0, name.indexOf("__"))));
    return versions;
  }

  /** Returns the file names of the SQL migrations in a classpath location, in version order. */
  static List<String> scripts(String location) throws IOException {
    Resource[] scripts =
        new PathMatchingResourcePatternResolver()
            .getResources(location.replace("classpath:", "classpath*:") + "/V*__*.sql");
    return Arrays.stream(scripts)
        .map(Resource::getFilename)
        .sorted(
            Comparator.comparingInt(
                name -> Integer.parseInt(name.substring(1, name.indexOf("__")))))
        .toList();
  }
}
