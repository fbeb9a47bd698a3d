package dev.occ.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * README's "Testing your own code" shows {@link AccountsExampleTest}, which the build compiles and
 * runs.
 */
class ReadmeTest {

  @Test
  void theReadmeShowsTheExampleTheBuildRuns() throws IOException {
    String source =
        Files.readString(Path.of("src/test/java/dev/occ/test/AccountsExampleTest.java"));
    String snippet =
        source.substring(
            source.indexOf('\n', source.indexOf("// readme:start")) + 1,
            source.indexOf("// readme:end"));

    assertThat(snippet).contains("class AccountsExampleTest");
    assertThat(readme()).contains("```java\n" + snippet + "```");
  }

  private static String readme() throws IOException {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.exists(dir.resolve("README.md"))) {
      dir = dir.getParent();
    }
    return Files.readString(dir.resolve("README.md"));
  }
}
