package dev.rollback.benchmarks;

import dev.rollback.core.detect.DetectionContext;
import dev.rollback.core.detect.Detector;
import dev.rollback.core.detect.Verdict;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.Sample;
import dev.rollback.spi.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An experiment of step 2 of issue 15, not a detector of the library: it judges with a delegate
 * whose latency series is prewhitened by an AR(1) fitted to the baseline. In the log, {@code
 * y_t = mu + (e_t) / (1 - phi)} with {@code e_t = x_t - mu - phi (x_{t-1} - mu)}: the residuals are
 * independent, as a CUSUM's calibration assumes, and a step of the level still shows at its size,
 * while the baseline's spread becomes the long-run one, {@code sigma^2 (1 + phi) / (1 - phi)}.
 */
final class PrewhitenedLatency implements Detector {
  private final Detector delegate;
  private final String latency;
  private final Duration baseline;

  PrewhitenedLatency(Detector delegate, String latency, Duration baseline) {
    this.delegate = delegate;
    this.latency = latency;
    this.baseline = baseline;
  }

  @Override
  public String name() {
    return "prewhitened " + delegate.name();
  }

  @Override
  public Verdict judge(DetectionContext context) throws InterruptedException {
    return delegate.judge(new RefetchingContext(context, (metric, window) -> {
      if (!metric.equals(latency)) {
        return context.fetch(metric, window);
      }
      Instant start = context.deployedAt().minus(baseline);
      Instant from = window.from().isBefore(start) ? window.from() : start;
      Instant to = window.to().isAfter(from) ? window.to() : from;
      return prewhiten(context.fetch(metric, new TimeWindow(from, to, window.step())), window, context.deployedAt());
    }));
  }

  private static MetricSeries prewhiten(MetricSeries all, TimeWindow window, Instant deployedAt) {
    List<Sample> samples = all.samples();
    double[] x = new double[samples.size()];
    int before = 0;
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.log(samples.get(i).value());
      if (samples.get(i).at().isBefore(deployedAt)) {
        before = i + 1;
      }
    }
    if (before < 10) {
      return window(all, window);
    }
    double mu = 0;
    for (int i = 0; i < before; i++) {
      mu += x[i];
    }
    mu /= before;
    double num = 0;
    double den = 0;
    for (int i = 0; i < before; i++) {
      den += (x[i] - mu) * (x[i] - mu);
      if (i > 0) {
        num += (x[i] - mu) * (x[i - 1] - mu);
      }
    }
    double phi = den == 0 ? 0 : Math.max(0, Math.min(0.95, num / den));
    List<Sample> out = new ArrayList<>();
    for (int i = 1; i < x.length; i++) {
      Sample s = samples.get(i);
      if (s.at().isBefore(window.from()) || s.at().isAfter(window.to())) {
        continue;
      }
      double residual = x[i] - mu - phi * (x[i - 1] - mu);
      out.add(new Sample(s.at(), Math.exp(mu + residual / (1 - phi))));
    }
    return new MetricSeries(all.metric(), out);
  }

  private static MetricSeries window(MetricSeries all, TimeWindow window) {
    return new MetricSeries(all.metric(), all.samples().stream()
        .filter(s -> !s.at().isBefore(window.from()) && !s.at().isAfter(window.to())).toList());
  }
}
