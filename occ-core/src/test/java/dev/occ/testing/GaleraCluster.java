package dev.occ.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives the cluster that {@code scripts/galera/cluster.sh} runs, for fault tests: kills a node and
 * starts it again through the script, with the environment of the test (so {@code OCC_GALERA_DIR}
 * and the port bases agree with {@code OCC_TEST_GALERA_URLS}), and reads a node's Galera status.
 */
public final class GaleraCluster {
  private static final String SCRIPT = "scripts/galera/cluster.sh";

  private GaleraCluster() {}

  /**
   * Returns the number the script gives the node behind the URL ({@code wsrep_node_name = nodeN}).
   *
   * @throws IllegalStateException if the node does not answer or was not started by the script
   */
  public static int nodeNumber(String url) {
    String name = variable(url, "SELECT @@wsrep_node_name");
    if (!name.matches("node[1-3]")) {
      throw new IllegalStateException(
          url
              + " is node '"
              + name
              + "', not one of the nodes "
              + SCRIPT
              + " starts (node1-node3)");
    }
    return name.charAt(4) - '0';
  }

  /** Kills node n with SIGKILL and waits until its process is gone. */
  public static void kill(int n) {
    run("kill", String.valueOf(n));
  }

  /** Starts node n again and waits until it has rejoined and is Synced. */
  public static void restartNode(int n) {
    run("restart-node", String.valueOf(n));
  }

  /** Returns the node's global status variables whose names are given. */
  public static Map<String, String> status(String url, List<String> names) {
    Map<String, String> values = new HashMap<>();
    try (Connection c = DriverManager.getConnection(url, "root", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'wsrep%'")) {
      while (rs.next()) {
        if (names.contains(rs.getString(1))) {
          values.put(rs.getString(1), rs.getString(2));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Galera status of " + url + ": " + e.getMessage(), e);
    }
    return values;
  }

  private static String variable(String url, String query) {
    try (Connection c = DriverManager.getConnection(url, "root", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return String.valueOf(rs.getString(1));
    } catch (SQLException e) {
      throw new IllegalStateException(url + " does not answer: " + e.getMessage(), e);
    }
  }

  private static void run(String... args) {
    Path script = script();
    try {
      Path log = Files.createTempFile("occ-galera-", ".log");
      try {
        Process p =
            new ProcessBuilder(command(script, args))
                .directory(script.getParent().getParent().getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException(
              SCRIPT + " " + String.join(" ", args) + " did not finish in 240 s");
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
          throw new IllegalStateException(
              SCRIPT
                  + " "
                  + String.join(" ", args)
                  + " failed ("
                  + p.exitValue()
                  + "):\n"
                  + output);
        }
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + script, e);
    }
  }

  private static List<String> command(Path script, String... args) {
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    return command;
  }

  /** Finds the script in the working directory or one of its parents (a module's directory). */
  private static Path script() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(SCRIPT);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "Galera fault tests need " + SCRIPT + " (run them from the project or one of its modules)");
  }
}
