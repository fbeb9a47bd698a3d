package dev.occ.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import tools.jackson.databind.JsonNode;

/**
 * Renders a run as one self-contained HTML page: the key numbers, the thresholds, and the latency
 * percentile distribution as inline SVG, with the percentile axis stretched towards the tail (0,
 * 90, 99, 99.9 … %) the way HdrHistogram's plots are, because the tail is where stalls show. No
 * scripts, no external resources: it opens from disk anywhere.
 *
 * <p>Drawn by hand, not by a library: JFreeChart, the one charting library served here, paints
 * through AWT into raster images (SVG needs a second library), which would cost this page its one
 * self-contained text file; HdrHistogram's own {@code .hgrm} output is written beside it for
 * HdrHistogram's plotter.
 */
final class LatencyChart {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 420;
  private static final int LEFT = 70;
  private static final int RIGHT = 45;
  private static final int TOP = 20;
  private static final int BOTTOM = 50;

  /** The axis ends at 99.999 %: log10(1 / (1 - 0.99999)) = 5. */
  private static final double MAX_X = 5;

  private static final String[] COLORS = {"#1f5fa8", "#c0392b", "#2e8b57", "#888888"};

  private LatencyChart() {}

  static String html(LoadReport report) {
    LoadOptions o = report.options();
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>occ load test ")
        .append(esc(o.tag()))
        .append("</title>\n<style>")
        .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}")
        .append("table{border-collapse:collapse;margin:12px 0}td,th{border:1px solid #ccc;")
        .append("padding:4px 8px;text-align:left}.pass{color:#2e7d32}.fail{color:#c62828;")
        .append("font-weight:bold}.na{color:#888}svg text{font:12px system-ui,sans-serif}")
        .append("</style></head><body>\n");
    h.append("<h1>occ load test: ")
        .append(esc(o.tag()))
        .append(
            report.passed()
                ? " <span class=\"pass\">passed</span>"
                : " <span class=\"fail\">FAILED</span>")
        .append("</h1>\n");
    JsonNode json = ContractJson.MAPPER.valueToTree(report.toJson());
    h.append("<table>");
    row(h, "target", report.target().name() + " at " + report.target().url());
    row(
        h,
        "users / model",
        o.users()
            + " users, "
            + json.path("model").asString()
            + (o.steps() != null
                ? ", stepping through " + o.steps().rates() + " iterations/s"
                : o.model() == LoadOptions.Model.OPEN
                    ? ", " + o.rate() + " iterations/s"
                    : ", think " + o.think().toMillis() + " ms" + spread(o))
            + ", mix "
            + o.mix().label());
    row(
        h,
        "started / measured",
        json.path("started_at").asString() + ", " + json.path("measured_s").asString() + " s");
    row(
        h,
        "requests / throughput",
        json.path("requests").path("total").asString()
            + " requests, "
            + json.path("throughput_rps").asString()
            + " req/s");
    row(h, "error rate", LoadReport.pct(report.errorRate()));
    row(
        h,
        "conflict rate / recovery",
        LoadReport.pct(report.conflictRate()) + " / " + LoadReport.pct(report.recoveryRate()));
    row(
        h,
        "lost moves / chain breaks",
        report.audit().lostMoves()
            + " / "
            + report.audit().chainBreaks()
            + " (of "
            + report.audit().acknowledged()
            + " acknowledged moves on "
            + report.audit().cards()
            + " cards)");
    row(h, "latency", json.path("latency").path("correction").asString());
    h.append("</table>\n<h2>Latency by percentile (ms)</h2>\n");
    h.append(svg(report.series()));
    h.append("<table><tr><th>series</th><th>count</th><th>p50</th><th>p95</th><th>p99</th>")
        .append("<th>p99.9</th><th>max</th></tr>");
    for (Map.Entry<String, Histogram> e : report.series().entrySet()) {
      Histogram s = e.getValue();
      h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(s.getTotalCount());
      for (double p : new double[] {50, 95, 99, 99.9, 100}) {
        h.append("</td><td>").append(num(LoadReport.ms(s, p)));
      }
      h.append("</td></tr>");
    }
    h.append("</table>\n<h2>Thresholds</h2>\n<table><tr><th></th><th>check</th><th>rule</th>")
        .append("<th>actual</th></tr>");
    for (LoadReport.Check c : report.checks()) {
      String cls = !c.applied() ? "na" : c.passed() ? "pass" : "fail";
      String word = !c.applied() ? "n/a" : c.passed() ? "pass" : "FAIL";
      h.append("<tr><td class=\"")
          .append(cls)
          .append("\">")
          .append(word)
          .append("</td><td>")
          .append(esc(c.name()))
          .append("</td><td>")
          .append(esc(c.rule()))
          .append("</td><td>")
          .append(c.actual() == null ? "" : num(c.actual()))
          .append("</td></tr>");
    }
    h.append("</table>\n");
    if (!report.audit().problems().isEmpty()) {
      h.append("<h2>Audit problems</h2><ul>");
      report.audit().problems().forEach(p -> h.append("<li>").append(esc(p)).append("</li>"));
      h.append("</ul>\n");
    }
    return h.append("</body></html>\n").toString();
  }

  private static String svg(Map<String, Histogram> series) {
    double maxMs = 0;
    for (Histogram s : series.values()) {
      if (s.getTotalCount() > 0) {
        maxMs = Math.max(maxMs, s.getMaxValue() / 1000.0);
      }
    }
    double top = niceCeiling(Math.max(maxMs, 1));
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    StringBuilder g = new StringBuilder();
    g.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"latency by percentile\">\n");
    for (int i = 0; i <= 5; i++) {
      double y = TOP + plotH - plotH * i / 5.0;
      g.append(line(LEFT, y, LEFT + plotW, y, "#e5e5e5"));
      g.append(text(LEFT - 8, y + 4, num(top * i / 5), "end"));
    }
    String[] labels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
    for (int i = 0; i <= MAX_X; i++) {
      double x = LEFT + plotW * i / MAX_X;
      g.append(line(x, TOP, x, TOP + plotH, "#e5e5e5"));
      g.append(text(x, TOP + plotH + 18, labels[i], "middle"));
    }
    g.append(text(LEFT + plotW / 2.0, HEIGHT - 8, "percentile", "middle"));
    g.append("<text x=\"16\" y=\"")
        .append(TOP + plotH / 2)
        .append("\" transform=\"rotate(-90 16 ")
        .append(TOP + plotH / 2)
        .append(")\" text-anchor=\"middle\">latency (ms)</text>\n");
    int i = 0;
    for (Map.Entry<String, Histogram> e : series.entrySet()) {
      String color = COLORS[i % COLORS.length];
      Histogram s = e.getValue();
      if (s.getTotalCount() > 0) {
        g.append("<polyline fill=\"none\" stroke=\"")
            .append(color)
            .append("\" stroke-width=\"2\"")
            .append(e.getKey().contains("uncorrected") ? " stroke-dasharray=\"6 4\"" : "")
            .append(" points=\"");
        for (double[] p : points(s)) {
          double x = LEFT + plotW * p[0] / MAX_X;
          double y = TOP + plotH - plotH * Math.min(p[1], top) / top;
          g.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        g.append("\"/>\n");
      }
      double ly = TOP + 14 + 18 * i;
      g.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
                  + " stroke=\"%s\" stroke-width=\"3\"%s/>%n",
              LEFT + 12,
              ly - 4,
              LEFT + 36,
              ly - 4,
              color,
              e.getKey().contains("uncorrected") ? " stroke-dasharray=\"6 4\"" : ""));
      g.append(text(LEFT + 42, ly, e.getKey(), "start"));
      i++;
    }
    return g.append("</svg>\n").toString();
  }

  /** Steps of the percentile distribution as (x on the stretched axis, milliseconds). */
  private static List<double[]> points(Histogram h) {
    List<double[]> points = new ArrayList<>();
    for (HistogramIterationValue v : h.percentiles(5)) {
      double p = Math.min(v.getPercentileLevelIteratedTo() / 100.0, 0.99999);
      double x = Math.min(MAX_X, Math.log10(1 / (1 - p)));
      points.add(new double[] {x, v.getValueIteratedTo() / 1000.0});
    }
    return points;
  }

  private static double niceCeiling(double v) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * magnitude >= v) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String line(double x1, double y1, double x2, double y2, String color) {
    return String.format(
        Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"/>%n",
        x1,
        y1,
        x2,
        y2,
        color);
  }

  private static String text(double x, double y, String s, String anchor) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>%n",
        x,
        y,
        anchor,
        esc(s));
  }

  private static void row(StringBuilder h, String key, String value) {
    h.append("<tr><th>")
        .append(esc(key))
        .append("</th><td>")
        .append(esc(value))
        .append("</td></tr>");
  }

  private static String num(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e12
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static String spread(LoadOptions o) {
    return o.thinkSpread() > 0 ? " ± " + Math.round(o.thinkSpread() * 100) + " %" : "";
  }
}
