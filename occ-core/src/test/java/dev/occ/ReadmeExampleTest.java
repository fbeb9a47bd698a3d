package dev.occ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.occ.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** Compiles and runs README.md's usage example, and checks the README still shows this code. */
class ReadmeExampleTest {

  @Test
  void theReadmeExampleRunsAndIsTheOneInTheReadme() throws IOException {
    Jdbi jdbi = Jdbi.create(TestDatabases.freshH2Url());
    jdbi.useHandle(
        h -> {
          h.execute(
              "CREATE TABLE appointments (id BIGINT PRIMARY KEY, status VARCHAR(20) NOT NULL,"
                  + " version BIGINT NOT NULL, updated_at TIMESTAMP WITH TIME ZONE NOT NULL)");
          h.execute("INSERT INTO appointments VALUES (42, 'SCHEDULED', 41, CURRENT_TIMESTAMP)");
        });

    // readme:start
    VersionedTable appointments = VersionedTable.of("appointments"); // id, version, updated_at
    Occ occ = Occ.create(jdbi);

    RowVersion moved =
        occ.update(appointments)
            .set("status", "IN_PROGRESS")
            .whereId(42L)
            .expectVersion(41) // the version the client read
            .execute(); // one UPDATE … RETURNING, retried only on deadlock etc.
    // moved.version() == 42, moved.updatedAt() from the database clock

    try {
      occ.update(appointments).set("status", "READY").whereId(42L).expectVersion(41).execute();
    } catch (VersionConflictException e) {
      // someone else moved it first: e.expectedVersion() == 41, e.actualVersion() == 42
    }
    // readme:end

    assertThat(moved.version()).isEqualTo(42);
    assertThat(moved.updatedAt()).isNotNull();
    VersionConflictException again =
        catchThrowableOfType(
            VersionConflictException.class,
            () ->
                occ.update(appointments)
                    .set("status", "READY")
                    .whereId(42L)
                    .expectVersion(41)
                    .execute());
    assertThat(again.actualVersion()).isEqualTo(42);
    assertThat(readme()).contains(snippet());
  }

  private static String readme() throws IOException {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.exists(dir.resolve("README.md"))) {
      dir = dir.getParent();
    }
    return Files.readString(dir.resolve("README.md"));
  }

  private static String snippet() throws IOException {
    String source = Files.readString(Path.of("src/test/java/dev/occ/ReadmeExampleTest.java"));
    String body =
        source.substring(
            source.indexOf("// readme:start\n") + 16, source.indexOf("    // readme:end"));
    return Arrays.stream(body.split("\n"))
        .map(line -> line.length() >= 4 ? line.substring(4) : line.strip())
        .collect(Collectors.joining("\n"));
  }
}
