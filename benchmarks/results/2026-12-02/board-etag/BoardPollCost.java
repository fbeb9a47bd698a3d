import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * CPU time an app process spends per board poll, by kind of poll, measured in alternating short
 * rounds: every round runs each arm once for a slice, in an order that rotates from round to
 * round, and reads the processes' CPU time (utime + stime from /proc/PID/stat) before and after
 * each slice. A round's ratio of two arms cancels most of the machine's drift; the report is the
 * median of those ratios, their spread, and an order-statistic 95 % interval for the median.
 *
 * <p>Arms: NAME=URL,PID[,PGPID+PGPID...][,conditional|,stale]; "conditional" sends If-None-Match
 * with the ETag the first request of the arm got (the board must not change during the run), so
 * every answer is 304; "stale" sends a tag the app never hands out, as a client whose board has
 * changed since would, so every answer is a full 200. PGPIDs are the PostgreSQL backends of that
 * app's pool, whose CPU time is reported separately.
 *
 * <p>Run: java BoardPollCost.java --rounds 20 --warmup 3 --slice-ms 2000 --threads 4 --path
 * '/api/admin/appointments/board?from=...&to=...' --arm old-200=http://127.0.0.1:18081,PID
 * --arm new-200=... --arm new-304=...,conditional
 */
public final class BoardPollCost {
  private static final long TICK_NANOS = 10_000_000L; // CLK_TCK = 100
  // A tag the app never hands out: a conditional poll of a board that has changed since.
  private static final String STALE = "W/\"stale\"";

  record Arm(String name, String url, long pid, long[] pgPids, boolean conditional, boolean stale) {}

  record Slice(long requests, long appTicks, long pgTicks, long wallNanos) {
    double appMicrosPerRequest() {
      return appTicks * (TICK_NANOS / 1000.0) / requests;
    }

    double pgMicrosPerRequest() {
      return pgTicks * (TICK_NANOS / 1000.0) / requests;
    }
  }

  public static void main(String[] args) throws Exception {
    int rounds = 20;
    int warmup = 3;
    long sliceMillis = 2000;
    int threads = 4;
    String path = null;
    List<Arm> arms = new ArrayList<>();
    for (int i = 0; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(value);
        case "--warmup" -> warmup = Integer.parseInt(value);
        case "--slice-ms" -> sliceMillis = Long.parseLong(value);
        case "--threads" -> threads = Integer.parseInt(value);
        case "--path" -> path = value;
        case "--arm" -> arms.add(arm(value));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (path == null || arms.size() < 2) {
      throw new IllegalArgumentException("need --path and at least two --arm");
    }
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    Map<String, String> tags = new LinkedHashMap<>();
    for (Arm arm : arms) {
      HttpResponse<byte[]> first = send(client, arm.url() + path, null);
      if (first.statusCode() != 200) {
        throw new IllegalStateException(arm.name() + ": first board answered " + first.statusCode());
      }
      tags.put(arm.name(), first.headers().firstValue("ETag").orElse(null));
      System.out.printf(
          Locale.ROOT,
          "# %s: board %d bytes, ETag %s%n",
          arm.name(),
          first.body().length,
          tags.get(arm.name()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Map<String, Slice>> measured = new ArrayList<>();
    System.out.println("round,arm,requests,app_cpu_ms,pg_cpu_ms,wall_ms,app_us_per_req,pg_us_per_req");
    for (int round = 0; round < warmup + rounds; round++) {
      Map<String, Slice> slices = new LinkedHashMap<>();
      for (int k = 0; k < arms.size(); k++) {
        Arm arm = arms.get((round + k) % arms.size());
        String tag = arm.conditional() ? tags.get(arm.name()) : arm.stale() ? STALE : null;
        Slice slice = run(pool, client, arm, arm.url() + path, tag, threads, sliceMillis);
        slices.put(arm.name(), slice);
        System.out.printf(
            Locale.ROOT,
            "%s%d,%s,%d,%d,%d,%d,%.1f,%.1f%n",
            round < warmup ? "w" : "",
            round < warmup ? round : round - warmup,
            arm.name(),
            slice.requests(),
            slice.appTicks() * 10,
            slice.pgTicks() * 10,
            slice.wallNanos() / 1_000_000,
            slice.appMicrosPerRequest(),
            slice.pgMicrosPerRequest());
      }
      if (round >= warmup) {
        measured.add(slices);
      }
    }
    pool.shutdownNow();

    System.out.println();
    System.out.println("# CPU per request (µs), median [min, max] over rounds");
    for (Arm arm : arms) {
      double[] app = measured.stream().mapToDouble(m -> m.get(arm.name()).appMicrosPerRequest()).toArray();
      double[] pg = measured.stream().mapToDouble(m -> m.get(arm.name()).pgMicrosPerRequest()).toArray();
      double[] rps =
          measured.stream()
              .mapToDouble(m -> m.get(arm.name()).requests() * 1e9 / m.get(arm.name()).wallNanos())
              .toArray();
      System.out.printf(
          Locale.ROOT,
          "# %-10s app %s   postgres backends %s   req/s %s%n",
          arm.name(),
          summary(app),
          summary(pg),
          summary(rps));
    }
    System.out.println("# per-round ratios of app CPU per request: median [95% CI] (min, quartiles, max)");
    // Each later arm over each earlier one: list the baseline first.
    for (int a = 1; a < arms.size(); a++) {
      for (int b = 0; b < a; b++) {
        Arm x = arms.get(a);
        Arm y = arms.get(b);
        double[] ratios =
            measured.stream()
                .mapToDouble(
                    m ->
                        m.get(x.name()).appMicrosPerRequest() / m.get(y.name()).appMicrosPerRequest())
                .toArray();
        System.out.printf(Locale.ROOT, "# %s / %s: %s%n", x.name(), y.name(), ratioSummary(ratios));
      }
    }
  }

  static Arm arm(String spec) {
    int eq = spec.indexOf('=');
    String name = spec.substring(0, eq);
    String[] parts = spec.substring(eq + 1).split(",");
    long[] pg = new long[0];
    boolean conditional = false;
    boolean stale = false;
    for (int i = 2; i < parts.length; i++) {
      if (parts[i].equals("conditional")) {
        conditional = true;
      } else if (parts[i].equals("stale")) {
        stale = true;
      } else {
        pg = Arrays.stream(parts[i].split("\\+")).mapToLong(Long::parseLong).toArray();
      }
    }
    return new Arm(name, parts[0], Long.parseLong(parts[1]), pg, conditional, stale);
  }

  static Slice run(
      ExecutorService pool,
      HttpClient client,
      Arm arm,
      String url,
      String tag,
      int threads,
      long sliceMillis)
      throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    LongAdder done = new LongAdder();
    int expected = tag == null || tag.equals(STALE) ? 200 : 304;
    long app0 = ticks(arm.pid());
    long pg0 = ticks(arm.pgPids());
    long t0 = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(
          pool.submit(
              () -> {
                while (!stop.get()) {
                  HttpResponse<byte[]> r = send(client, url, tag);
                  if (r.statusCode() != expected) {
                    throw new IllegalStateException(
                        arm.name() + ": expected " + expected + ", got " + r.statusCode());
                  }
                  done.increment();
                }
                return null;
              }));
    }
    Thread.sleep(sliceMillis);
    stop.set(true);
    for (Future<?> w : workers) {
      w.get();
    }
    long wall = System.nanoTime() - t0;
    return new Slice(done.sum(), ticks(arm.pid()) - app0, ticks(arm.pgPids()) - pg0, wall);
  }

  static HttpResponse<byte[]> send(HttpClient client, String url, String tag)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (tag != null) {
      b.header("If-None-Match", tag);
    }
    return client.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** utime + stime of the process, all its threads, in clock ticks. */
  static long ticks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // after "pid (comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  static long ticks(long[] pids) throws IOException {
    long sum = 0;
    for (long pid : pids) {
      sum += ticks(pid);
    }
    return sum;
  }

  static String summary(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return String.format(Locale.ROOT, "%.0f [%.0f, %.0f]", median(s), s[0], s[s.length - 1]);
  }

  static String ratioSummary(double[] ratios) {
    double[] s = ratios.clone();
    Arrays.sort(s);
    int n = s.length;
    int k = 0;
    for (int c = 1; c <= n / 2; c++) {
      if (1 - 2 * binomialCdf(n, c - 1) < 0.95) {
        break;
      }
      k = c;
    }
    String ci = k == 0 ? "n/a" : String.format(Locale.ROOT, "%.3f–%.3f", s[k - 1], s[n - k]);
    return String.format(
        Locale.ROOT,
        "%.3f [%s] (min %.3f, q1 %.3f, q3 %.3f, max %.3f, n=%d)",
        median(s),
        ci,
        s[0],
        quantile(s, 0.25),
        quantile(s, 0.75),
        s[n - 1],
        n);
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }

  /** P(Binomial(n, 1/2) <= x). */
  static double binomialCdf(int n, int x) {
    double sum = 0;
    double term = Math.pow(0.5, n);
    for (int i = 0; i <= x; i++) {
      sum += term;
      term = term * (n - i) / (i + 1);
    }
    return sum;
  }
}
