package dev.occ.bench.jpa;

import dev.occ.testing.TestDatabases;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The example app, started from its own jar in a JVM of its own on a test schema, with demo data,
 * as a user would run it. The jar is {@code example-app/target/example-app.jar}, which the reactor
 * builds before this module ({@code ./mvnw -B verify}); alone, build it first with {@code ./mvnw -B
 * -pl example-app -am package -DskipTests}.
 */
final class ExampleAppProcess implements AutoCloseable {
  /** How long the app may take to answer /healthz on a busy 2-core machine. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  private final Process process;
  private final Path log;
  private final int port;

  private ExampleAppProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * Starts the app on the schema, migrating it and adding the demo cards, and waits until it
   * answers.
   *
   * @throws IllegalStateException if the jar is missing or the app does not come up
   */
  static ExampleAppProcess start(TestDatabases.Schema schema, Path logDir) throws Exception {
    Path jar = jar();
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-jar");
    command.add(jar.toString());
    command.add("--server.port=" + port);
    command.add("--server.address=127.0.0.1");
    command.add("--spring.datasource.url=" + schema.url());
    command.add("--spring.datasource.username=" + schema.user());
    command.add("--spring.datasource.password=" + schema.password());
    command.add("--spring.flyway.schemas=" + schema.schema());
    command.add("--spring.flyway.default-schema=" + schema.schema());
    command.add("--shop.demo-data=true");
    Files.createDirectories(logDir);
    Path log = logDir.resolve("example-app-" + port + ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ExampleAppProcess app = new ExampleAppProcess(process, log, port);
    try {
      app.awaitHealthy();
    } catch (Exception | AssertionError e) {
      app.close();
      throw e;
    }
    return app;
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  private void awaitHealthy() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the example app exited with " + process.exitValue() + " at start:\n" + tail());
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(url().resolve("/healthz"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "the example app did not answer /healthz within " + START_TIMEOUT + ":\n" + tail());
  }

  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static Path jar() {
    Path jar =
        Path.of("..", "example-app", "target", "example-app.jar").toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar
              + " is missing: the reactor builds it before this module (./mvnw -B verify); to run"
              + " this module alone, first run ./mvnw -B -pl example-app -am package -DskipTests");
    }
    return jar;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Stops the app: politely, then by force; only this process, by its handle. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
