package dev.rollback.core.postmortem;

import dev.rollback.core.MetricTrace;
import dev.rollback.spi.Sample;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Draws one metric of a detection as an SVG chart: the samples the detector judged over the
 * baseline window and the window after the release, the baseline's mean and a band of two
 * standard deviations around it (computed from the baseline samples kept), the alarm limit when
 * the detector has one in the metric's units, and vertical marks at the release, the first bad
 * sample, the detection, traffic shifted back and the end of the run, each labelled with its UTC
 * time; axes with the metric's unit ({@link Units}) and UTC times.
 *
 * <p>The time axis spans from the baseline's start (or the first sample, or the release) to the
 * last of the marks; x of an instant {@code t} is {@code LEFT + (t - start) / (end - start) *
 * PLOT_WIDTH}. Every element carries a {@code class} naming what it is ({@code marker release},
 * {@code sample}, {@code limit}, ...), so tests and stylesheets can find it. The output depends
 * on the postmortem alone. Stateless and thread-safe.
 */
final class MetricChart {
  static final int WIDTH = 760;
  static final int HEIGHT = 390;
  static final int LEFT = 84;
  static final int RIGHT = 28;
  static final int TOP = 112;
  static final int BOTTOM = 58;
  static final int PLOT_WIDTH = WIDTH - LEFT - RIGHT;
  static final int PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;
  /** Samples are drawn as dots too while there are at most this many; a line alone above. */
  static final int MAX_DOTS = 240;
  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final long[] TICK_SECONDS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800,
      21600, 43200, 86400};

  private MetricChart() {}

  /** A vertical mark: {@code kind} is its class, {@code label} what the chart says. */
  record Marker(String kind, String label, Instant at, String color) {}

  /** Returns the marks of {@code pm} on a chart of {@code trace}, in the order they happened in the run. */
  static List<Marker> markers(Postmortem pm, MetricTrace trace) {
    List<Marker> out = new ArrayList<>();
    out.add(new Marker("release", "release", trace.releasedAt(), "#1d4ed8"));
    Postmortem.Detection d = pm.detection();
    if (d.anomalyStart() != null) {
      out.add(new Marker("first-bad", "first bad sample", d.anomalyStart(), "#b91c1c"));
    }
    if (d.detectedAt() != null) {
      out.add(new Marker("detected", "detected", d.detectedAt(), "#c2410c"));
    }
    if (pm.impact().trafficRestored()) {
      out.add(new Marker("traffic-restored", "traffic shifted back", pm.impact().end(), "#15803d"));
    }
    out.add(new Marker("end-of-run", pm.complete() ? "end of run" : "draft written", pm.writtenAt(), "#374151"));
    return out;
  }

  /** The time axis: from {@code start} to {@code end}, at least one second long. */
  record TimeAxis(Instant start, Instant end) {
    static TimeAxis of(Postmortem pm, MetricTrace trace) {
      Instant start = trace.baselineFrom() != null ? trace.baselineFrom() : trace.releasedAt();
      Instant end = trace.judgedAt();
      List<Instant> all = new ArrayList<>();
      if (!trace.samples().isEmpty()) {
        all.add(trace.samples().get(0).at());
        all.add(trace.samples().get(trace.samples().size() - 1).at());
      }
      for (Marker m : markers(pm, trace)) {
        all.add(m.at());
      }
      for (Instant t : all) {
        start = t.isBefore(start) ? t : start;
        end = t.isAfter(end) ? t : end;
      }
      if (Duration.between(start, end).compareTo(Duration.ofSeconds(1)) < 0) {
        end = start.plusSeconds(1);
      }
      return new TimeAxis(start, end);
    }

    double x(Instant t) {
      double span = Duration.between(start, end).toNanos();
      return LEFT + Duration.between(start, t).toNanos() / span * PLOT_WIDTH;
    }
  }

  /** The value axis: from {@code low} to {@code high}, ticks every {@code step}. */
  record ValueAxis(double low, double high, double step) {
    static ValueAxis of(List<Double> values) {
      double low = 0;
      double high = 0;
      for (double v : values) {
        low = Math.min(low, v);
        high = Math.max(high, v);
      }
      if (high == low) {
        high = low + 1;
      }
      double step = niceStep((high - low) / 5);
      high = Math.ceil(high * 1.0001 / step) * step;
      low = Math.floor(low / step) * step;
      return new ValueAxis(low, high, step);
    }

    double y(double v) {
      return TOP + (high - v) / (high - low) * PLOT_HEIGHT;
    }
  }

  /** Returns 1, 2 or 5 times a power of ten, the smallest not below {@code rough}. */
  static double niceStep(double rough) {
    double power = Math.pow(10, Math.floor(Math.log10(rough)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * power >= rough * 0.999999) {
        return m * power;
      }
    }
    return 10 * power;
  }

  /** The baseline's mean and sample standard deviation, or null when the trace has no baseline samples. */
  record Baseline(double mean, double sd, int count) {
    static @Nullable Baseline of(MetricTrace trace) {
      List<Double> values = new ArrayList<>();
      for (Sample s : trace.baseline()) {
        if (Double.isFinite(s.value())) {
          values.add(s.value());
        }
      }
      if (values.isEmpty()) {
        return null;
      }
      double mean = values.stream().mapToDouble(Double::doubleValue).sum() / values.size();
      double squares = 0;
      for (double v : values) {
        squares += (v - mean) * (v - mean);
      }
      double sd = values.size() < 2 ? 0 : Math.sqrt(squares / (values.size() - 1));
      return new Baseline(mean, sd, values.size());
    }
  }

  /**
   * Returns the chart of {@code signal}, whose trace is {@code trace}, as a standalone SVG
   * document; {@code id} prefixes the ids inside, so that several charts can share one page.
   */
  static String render(Postmortem pm, Postmortem.Signal signal, MetricTrace trace, String id) {
    TimeAxis time = TimeAxis.of(pm, trace);
    Baseline baseline = Baseline.of(trace);
    List<Double> values = new ArrayList<>();
    for (Sample s : trace.samples()) {
      if (Double.isFinite(s.value())) {
        values.add(s.value());
      }
    }
    if (baseline != null) {
      values.add(baseline.mean() + 2 * baseline.sd());
      values.add(baseline.mean() - 2 * baseline.sd());
    }
    Double limit = trace.alarmLimit();
    if (limit != null) {
      values.add(limit);
    }
    ValueAxis value = ValueAxis.of(values);
    String unit = Units.of(signal.metric());
    List<Marker> markers = markers(pm, trace);

    StringBuilder out = new StringBuilder(8192 + 64 * trace.samples().size());
    String title = signal.metric() + " around the release, run " + pm.runId();
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
        .append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
        .append("\" role=\"img\" aria-labelledby=\"").append(id).append("-title ").append(id).append("-desc\"")
        .append(" font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\" font-size=\"11\" class=\"metric-chart\">\n");
    out.append("<title id=\"").append(id).append("-title\">");
    Xml.text(out, title).append("</title>\n<desc id=\"").append(id).append("-desc\">");
    description(out, pm, signal, trace, baseline, markers, unit);
    out.append("</desc>\n");
    out.append("<rect class=\"background\" x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"")
        .append(HEIGHT).append("\" fill=\"#ffffff\"/>\n");
    out.append("<text class=\"chart-title\" x=\"").append(LEFT).append("\" y=\"18\" font-size=\"13\""
        + " font-weight=\"bold\" fill=\"#111827\">");
    Xml.text(out, signal.metric()).append("</text>\n");

    windows(out, trace, time);
    if (baseline != null) {
      double top = value.y(baseline.mean() + 2 * baseline.sd());
      double bottom = value.y(baseline.mean() - 2 * baseline.sd());
      out.append("<rect class=\"band\" x=\"").append(LEFT).append("\" y=\"");
      Xml.coordinate(out, top).append("\" width=\"").append(PLOT_WIDTH).append("\" height=\"");
      Xml.coordinate(out, Math.max(0.5, bottom - top)).append("\" fill=\"#60a5fa\" fill-opacity=\"0.18\"/>\n");
      // Labelled above the band, clear of the samples that stay within it.
      horizontal(out, "level", value.y(baseline.mean()), "#1d4ed8", "6 4",
          "baseline mean " + Xml.number(baseline.mean()) + ", band ±2 sd", false, top - 4);
    }
    if (limit != null) {
      horizontal(out, "limit", value.y(limit), "#b91c1c", "3 3", "alarm limit " + Xml.number(limit), true,
          value.y(limit) - 4);
    }
    valueAxis(out, value, signal.metric() + " (" + unit + ")");
    timeAxis(out, time);
    series(out, trace, time, value);
    markers(out, markers, time);
    if (baseline == null) {
      out.append("<text class=\"note\" x=\"").append(LEFT + 6).append("\" y=\"").append(HEIGHT - BOTTOM - 8)
          .append("\" fill=\"#4b5563\">no baseline: the detector judged only the samples since the release</text>\n");
    }
    if (trace.samples().isEmpty()) {
      out.append("<text class=\"note\" x=\"").append(LEFT + PLOT_WIDTH / 2).append("\" y=\"").append(TOP + PLOT_HEIGHT / 2)
          .append("\" text-anchor=\"middle\" fill=\"#4b5563\">the detector kept no samples</text>\n");
    }
    out.append("</svg>\n");
    return out.toString();
  }

  private static void description(StringBuilder out, Postmortem pm, Postmortem.Signal signal, MetricTrace trace,
      @Nullable Baseline baseline, List<Marker> markers, String unit) {
    StringBuilder d = new StringBuilder(256);
    d.append(trace.samples().size()).append(" samples of ").append(signal.metric()).append(" (").append(unit)
        .append(')');
    if (trace.stride() > 1) {
      d.append(", one in ").append(trace.stride()).append(" kept of a longer series");
    }
    if (baseline != null) {
      d.append("; baseline mean ").append(Xml.number(baseline.mean())).append(" over ").append(baseline.count())
          .append(" samples, standard deviation ").append(Xml.number(baseline.sd()));
    }
    if (trace.alarmLimit() != null) {
      d.append("; alarm limit ").append(Xml.number(trace.alarmLimit()));
    }
    for (Marker m : markers) {
      d.append("; ").append(m.label()).append(" at ").append(m.at());
    }
    d.append('.');
    Xml.text(out, d.toString());
  }

  private static void windows(StringBuilder out, MetricTrace trace, TimeAxis time) {
    Instant from = trace.baselineFrom();
    if (from != null) {
      window(out, "baseline", "baseline", time.x(from), time.x(trace.releasedAt()), "#dbeafe");
    }
    window(out, "post-release", "after the release", time.x(trace.releasedAt()), time.x(trace.judgedAt()), "#fef3c7");
  }

  private static void window(StringBuilder out, String kind, String label, double x1, double x2, String fill) {
    out.append("<rect class=\"window ").append(kind).append("\" x=\"");
    Xml.coordinate(out, x1).append("\" y=\"").append(TOP).append("\" width=\"");
    Xml.coordinate(out, Math.max(0, x2 - x1)).append("\" height=\"").append(PLOT_HEIGHT).append("\" fill=\"")
        .append(fill).append("\" fill-opacity=\"0.6\"/>\n");
    out.append("<text class=\"window-label ").append(kind).append("\" x=\"");
    Xml.coordinate(out, x1 + 4).append("\" y=\"").append(TOP + 14).append("\" fill=\"#374151\">").append(label)
        .append("</text>\n");
  }

  private static void horizontal(StringBuilder out, String kind, double y, String color, String dash, String label,
      boolean right, double labelY) {
    out.append("<line class=\"").append(kind).append("\" x1=\"").append(LEFT).append("\" x2=\"")
        .append(LEFT + PLOT_WIDTH).append("\" y1=\"");
    Xml.coordinate(out, y).append("\" y2=\"");
    Xml.coordinate(out, y).append("\" stroke=\"").append(color).append("\" stroke-width=\"1.5\" stroke-dasharray=\"")
        .append(dash).append("\"/>\n");
    out.append("<text class=\"").append(kind).append("-label\" x=\"").append(right ? LEFT + PLOT_WIDTH - 4 : LEFT + 4)
        .append("\" y=\"");
    Xml.coordinate(out, labelY).append('"').append(right ? " text-anchor=\"end\"" : "").append(" fill=\"")
        .append(color).append("\">");
    Xml.text(out, label).append("</text>\n");
  }

  private static void valueAxis(StringBuilder out, ValueAxis axis, String title) {
    out.append("<g class=\"axis value-axis\" stroke=\"#6b7280\">\n");
    out.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT).append("\" y1=\"").append(TOP)
        .append("\" y2=\"").append(TOP + PLOT_HEIGHT).append("\"/>\n");
    int count = (int) Math.round((axis.high() - axis.low()) / axis.step());
    for (int i = 0; i <= count; i++) {
      double v = axis.low() + i * axis.step();
      double y = axis.y(v);
      out.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + PLOT_WIDTH)
          .append("\" y1=\"");
      Xml.coordinate(out, y).append("\" y2=\"");
      Xml.coordinate(out, y).append("\" stroke=\"#e5e7eb\"/>\n");
      out.append("<text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"");
      Xml.coordinate(out, y + 4).append("\" text-anchor=\"end\" stroke=\"none\" fill=\"#374151\">")
          .append(Xml.number(Math.abs(v) < axis.step() / 1e6 ? 0 : v)).append("</text>\n");
    }
    out.append("</g>\n");
    out.append("<text class=\"axis-title\" transform=\"translate(16 ").append(TOP + PLOT_HEIGHT / 2)
        .append(") rotate(-90)\" text-anchor=\"middle\" fill=\"#111827\">");
    Xml.text(out, title).append("</text>\n");
  }

  private static void timeAxis(StringBuilder out, TimeAxis axis) {
    int bottom = TOP + PLOT_HEIGHT;
    out.append("<g class=\"axis time-axis\" stroke=\"#6b7280\">\n");
    out.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + PLOT_WIDTH).append("\" y1=\"")
        .append(bottom).append("\" y2=\"").append(bottom).append("\"/>\n");
    long span = Duration.between(axis.start(), axis.end()).getSeconds();
    long step = TICK_SECONDS[TICK_SECONDS.length - 1];
    for (long s : TICK_SECONDS) {
      if (span / s <= 7) {
        step = s;
        break;
      }
    }
    DateTimeFormatter format = step < 60 ? SECONDS : MINUTES;
    long first = Math.floorDiv(axis.start().getEpochSecond() + step - 1, step) * step;
    for (long t = first; t <= axis.end().getEpochSecond(); t += step) {
      Instant at = Instant.ofEpochSecond(t);
      if (at.isBefore(axis.start())) {
        continue;
      }
      double x = axis.x(at);
      out.append("<line class=\"tick\" x1=\"");
      Xml.coordinate(out, x).append("\" x2=\"");
      Xml.coordinate(out, x).append("\" y1=\"").append(bottom).append("\" y2=\"").append(bottom + 5).append("\"/>\n");
      out.append("<text class=\"tick\" x=\"");
      Xml.coordinate(out, x).append("\" y=\"").append(bottom + 18)
          .append("\" text-anchor=\"middle\" stroke=\"none\" fill=\"#374151\">").append(format.format(at))
          .append("</text>\n");
    }
    out.append("</g>\n");
    LocalDate from = LocalDate.ofInstant(axis.start(), ZoneOffset.UTC);
    LocalDate to = LocalDate.ofInstant(axis.end(), ZoneOffset.UTC);
    out.append("<text class=\"axis-title\" x=\"").append(LEFT + PLOT_WIDTH / 2).append("\" y=\"").append(HEIGHT - 10)
        .append("\" text-anchor=\"middle\" fill=\"#111827\">time (UTC), ").append(from)
        .append(from.equals(to) ? "" : " to " + to).append("</text>\n");
  }

  private static void series(StringBuilder out, MetricTrace trace, TimeAxis time, ValueAxis value) {
    List<Sample> samples = trace.samples();
    // A non-finite sample breaks the line: it cannot be placed on the axis.
    List<StringBuilder> lines = new ArrayList<>();
    StringBuilder points = null;
    for (Sample s : samples) {
      if (!Double.isFinite(s.value())) {
        points = null;
        continue;
      }
      if (points == null) {
        points = new StringBuilder();
        lines.add(points);
      } else {
        points.append(' ');
      }
      Xml.coordinate(points, time.x(s.at())).append(',');
      Xml.coordinate(points, value.y(s.value()));
    }
    for (StringBuilder line : lines) {
      out.append("<polyline class=\"series\" points=\"").append(line)
          .append("\" fill=\"none\" stroke=\"#111827\" stroke-width=\"1.5\"/>\n");
    }
    if (samples.size() <= MAX_DOTS) {
      for (Sample s : samples) {
        if (Double.isFinite(s.value())) {
          out.append("<circle class=\"sample\" cx=\"");
          Xml.coordinate(out, time.x(s.at())).append("\" cy=\"");
          Xml.coordinate(out, value.y(s.value())).append("\" r=\"2.2\" fill=\"#111827\"/>\n");
        }
      }
    }
  }

  /** How many rows of labels the marks have above the plot. */
  static final int LABEL_ROWS = 5;

  private static boolean overlaps(List<double[]> row, double start, double end) {
    for (double[] r : row) {
      if (start < r[1] + 6 && end > r[0] - 6) {
        return true;
      }
    }
    return false;
  }

  /** Draws the marks, their labels in up to {@link #LABEL_ROWS} rows above the plot so that they do not overlap. */
  private static void markers(StringBuilder out, List<Marker> markers, TimeAxis time) {
    List<Marker> byX = new ArrayList<>(markers);
    byX.sort(Comparator.comparing(Marker::at));
    List<List<double[]>> rows = new ArrayList<>();
    for (int i = 0; i < LABEL_ROWS; i++) {
      rows.add(new ArrayList<>());
    }
    for (Marker m : byX) {
      double x = time.x(m.at());
      String label = m.label() + " " + SECONDS.format(m.at());
      double width = 6.4 * label.length();
      // Right of the line, unless that runs off the chart.
      boolean left = x + 3 + width > WIDTH - 2;
      double start = left ? x - 3 - width : x + 3;
      double end = start + width;
      int row = 0;
      while (row < LABEL_ROWS - 1 && overlaps(rows.get(row), start, end)) {
        row++;
      }
      rows.get(row).add(new double[] {start, end});
      int labelY = 36 + 15 * row;
      out.append("<line class=\"marker ").append(m.kind()).append("\" data-at=\"").append(m.at()).append("\" x1=\"");
      Xml.coordinate(out, x).append("\" x2=\"");
      Xml.coordinate(out, x).append("\" y1=\"").append(labelY + 3).append("\" y2=\"").append(TOP + PLOT_HEIGHT)
          .append("\" stroke=\"").append(m.color()).append("\" stroke-width=\"1.5\"/>\n");
      out.append("<text class=\"marker-label ").append(m.kind()).append("\" x=\"");
      Xml.coordinate(out, left ? x - 3 : x + 3).append("\" y=\"").append(labelY).append('"')
          .append(left ? " text-anchor=\"end\"" : "").append(" fill=\"").append(m.color()).append("\">")
          .append(label).append("</text>\n");
    }
  }
}
