package dev.rollback.benchmarks;

import dev.rollback.spi.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates one trial of a {@link MetricFamily} with a {@link Regression}: an error ratio and a p99
 * latency, one sample a minute, as {@link SyntheticSeries} does for the clean scenarios.
 *
 * <p>Every family starts from the clean series: about 200 requests a minute (normal, sd 14), errors
 * binomial at 0.5%, p99 latency log-normal around 300 ms with sigma 0.15. Each family changes one
 * thing (the constants of {@link MetricFamily} and benchmarks/DETECTION.md say what). The
 * regression multiplies the error probability or the latency from the release on.
 *
 * <p>The random numbers drawn do not depend on the regression: a family's trial {@code i} has the
 * same noise, shifts, gaps and restarts with and without a regression, so that the rows of a family
 * differ only by the regression.
 */
final class ProductionSeries {
  static final double BASE_ERROR = 0.005;
  static final int REQUESTS = 200;
  static final double BASE_LATENCY = 0.3;
  static final double LATENCY_SIGMA = 0.15;
  /** The log-sd of the wandering error probability in the AR(1) and heavy-tailed families. */
  static final double ERROR_SIGMA = 0.3;
  static final int DAY = 1440;
  static final int WEEK = 7 * DAY;
  static final double BURST_START = 0.01;
  static final double GAP_START = 1 / 30.0;
  static final int PODS = 4;
  static final double RESTART = 1 / 120.0;
  static final double LOW_TRAFFIC_REQUESTS = 3;
  static final double LOW_TRAFFIC_ERROR = 0.01;

  private ProductionSeries() {}

  /** Generates {@code baseline} samples before the release and {@code horizon} from it on. */
  static SyntheticSeries generate(MetricFamily family, Regression regression, int baseline, int horizon,
      SplittableRandom random) {
    return generate(family, regression, 0, baseline, horizon, random, new SplittableRandom(0));
  }

  /**
   * Generates {@code history} samples before the {@code baseline} samples before the release, and
   * {@code horizon} from it on. The last {@code baseline + horizon} samples are those {@link
   * #generate(MetricFamily, Regression, int, int, SplittableRandom)} generates from {@code random};
   * the history comes from {@code historyRandom}, backwards in time from the same state, so that it
   * continues the trial: an AR(1) noise is stationary and reversible and is drawn back from the
   * trial's first state, a cycle runs on, a shift or a drift within the 4 h has not begun, and
   * bursts, gaps and restarts come at the same rates.
   */
  static SyntheticSeries generate(MetricFamily family, Regression regression, int history, int baseline,
      int horizon, SplittableRandom random, SplittableRandom historyRandom) {
    Trial trial = new Trial(family, baseline, horizon, random);
    List<Sample> errors = new ArrayList<>();
    List<Sample> latency = new ArrayList<>();
    List<double[]> earlier = trial.history(history, historyRandom);
    for (int t = -baseline - history; t < horizon; t++) {
      double errorFactor = t >= 0 ? regression.errorFactor() : 1;
      double latencyFactor = t >= 0 ? regression.latencyFactor() : 1;
      double[] pair = t < -baseline ? earlier.get(t + baseline + history) : trial.sample(t, errorFactor, latencyFactor);
      if (pair.length == 0) {
        continue;
      }
      Instant at = SyntheticSeries.DEPLOYED.plus(SyntheticSeries.STEP.multipliedBy(t));
      errors.add(new Sample(at, pair[0]));
      latency.add(new Sample(at, pair[1]));
    }
    return new SyntheticSeries(List.copyOf(errors), List.copyOf(latency));
  }

  /** A canary trial from the release on: the canary's and the control's error ratios and request rates. */
  record CanarySeries(List<Sample> errorRatio, List<Sample> controlErrorRatio, List<Sample> requests,
      List<Sample> controlRequests) {}

  /**
   * Generates a canary trial: the family's {@code baseline + horizon} samples as {@link #generate}
   * draws their shape (the same shift time, drift, cycle phase), the traffic split between the
   * canary's pods and the control's ({@link Trial#canarySample}), the regression the canary's only;
   * the samples from the release on are kept (a canary comparison needs no baseline).
   */
  static CanarySeries canary(MetricFamily family, Regression regression, int baseline, int horizon,
      SplittableRandom random) {
    Trial trial = new Trial(family, baseline, horizon, random);
    List<Sample> errors = new ArrayList<>();
    List<Sample> controlErrors = new ArrayList<>();
    List<Sample> requests = new ArrayList<>();
    List<Sample> controlRequests = new ArrayList<>();
    for (int t = -baseline; t < horizon; t++) {
      double[] four = trial.canarySample(t, t >= 0 ? regression.errorFactor() : 1);
      if (t < 0 || four.length == 0) {
        continue;
      }
      Instant at = SyntheticSeries.DEPLOYED.plus(SyntheticSeries.STEP.multipliedBy(t));
      errors.add(new Sample(at, four[0]));
      controlErrors.add(new Sample(at, four[1]));
      requests.add(new Sample(at, four[2]));
      controlRequests.add(new Sample(at, four[3]));
    }
    return new CanarySeries(List.copyOf(errors), List.copyOf(controlErrors), List.copyOf(requests),
        List.copyOf(controlRequests));
  }

  /**
   * Returns whether the trial that {@code random} (a generator in the state {@link #generate} is
   * given) draws has a level shift, upward, at or after the release: the case no comparison of
   * after with before can tell from a regression. Only the {@link MetricFamily#LEVEL_SHIFT} family
   * shifts; for the others the answer is false.
   */
  static boolean shiftsUpAfterRelease(MetricFamily family, int baseline, int horizon, SplittableRandom random) {
    Shape shape = Shape.draw(baseline, horizon, random);
    return family == MetricFamily.LEVEL_SHIFT && shape.shiftAt() >= 0 && shape.shift() > 1;
  }

  /** The samples before the release within which {@link #shiftsUpShortlyBefore} looks for a shift. */
  static final int SHORTLY_BEFORE = 25;

  /**
   * Returns whether the trial that {@code random} (a generator in the state {@link #generate} is
   * given) draws has an upward level shift in the {@link #SHORTLY_BEFORE} samples before the
   * release: too close to it for a baseline's shift check, so that the release starts up as a
   * regression would. Only the {@link MetricFamily#LEVEL_SHIFT} family shifts.
   */
  static boolean shiftsUpShortlyBefore(MetricFamily family, int baseline, int horizon, SplittableRandom random) {
    Shape shape = Shape.draw(baseline, horizon, random);
    return family == MetricFamily.LEVEL_SHIFT && shape.shiftAt() < 0 && shape.shiftAt() >= -SHORTLY_BEFORE
        && shape.shift() > 1;
  }

  /**
   * The parameters of a trial, drawn first and for every family, so that the stream of random
   * numbers has the same shape in each.
   */
  private record Shape(double amplitude, double slope, int shiftAt, double shift, double drift) {
    static Shape draw(int baseline, int horizon, SplittableRandom random) {
      double amplitude = 0.2 + 0.2 * random.nextDouble();
      double slope = (random.nextDouble() - 0.5) * 2 * Math.PI / 3; // within 60 degrees of the steepest point
      int shiftAt = -baseline + random.nextInt(baseline + horizon);
      double size = 1.3 + 0.7 * random.nextDouble();
      double shift = random.nextBoolean() ? size : 1 / size;
      double drift = 0.2 + 0.3 * random.nextDouble();
      return new Shape(amplitude, slope, shiftAt, shift, drift);
    }
  }

  /** The spikes of one metric: one starts with probability 1% a sample, lasts 1-3 samples, multiplies by 5-10. */
  private static final class Burst {
    private int left;
    private double factor = 1;

    /** Returns the factor of the next sample: 1 outside a spike. */
    double next(SplittableRandom random) {
      if (left == 0 && random.nextDouble() < BURST_START) {
        left = 1 + random.nextInt(3);
        factor = 5 + 5 * random.nextDouble();
      }
      if (left == 0) {
        return 1;
      }
      left--;
      return factor;
    }
  }

  /** The state of one trial: the family's parameters, drawn once, and its noise processes. */
  private static final class Trial {
    private final MetricFamily family;
    private SplittableRandom random;
    private boolean backwards;
    private final int baseline;
    private final int horizon;
    private final double phi;
    private final double amplitude;
    private final double phase;
    private final int period;
    private final int shiftAt;
    private final double shift;
    private final double drift;
    private double errorNoise;
    private double latencyNoise;
    private Burst errorBurst = new Burst();
    private Burst latencyBurst = new Burst();
    private int gapLeft;
    private final boolean[] errorCounterExists = new boolean[PODS];
    private final boolean[] canaryCounterExists = new boolean[PODS / 2];
    private final boolean[] controlCounterExists = new boolean[PODS / 2];

    Trial(MetricFamily family, int baseline, int horizon, SplittableRandom random) {
      this.family = family;
      this.random = random;
      this.baseline = baseline;
      this.horizon = horizon;
      this.phi = switch (family) {
        case AR_05 -> 0.5;
        case AR_08 -> 0.8;
        case AR_095 -> 0.95;
        default -> 0;
      };
      Shape shape = Shape.draw(baseline, horizon, random);
      this.amplitude = shape.amplitude();
      boolean falling = family == MetricFamily.DAILY_FALLING || family == MetricFamily.WEEKLY_FALLING;
      this.phase = falling ? Math.PI + shape.slope() : shape.slope();
      this.period = family == MetricFamily.WEEKLY_RISING || family == MetricFamily.WEEKLY_FALLING ? WEEK : DAY;
      this.shiftAt = shape.shiftAt();
      this.shift = shape.shift();
      this.drift = shape.drift();
      this.errorNoise = gaussian();
      this.latencyNoise = gaussian();
      Arrays.fill(errorCounterExists, true);
      Arrays.fill(canaryCounterExists, true);
      Arrays.fill(controlCounterExists, true);
    }

    /**
     * Returns the {@code samples} before the baseline, in time order, each {error ratio, p99
     * latency} or empty if missing, drawn from {@code historyRandom} backwards from the trial's
     * first state; the trial's state is as before afterwards.
     */
    List<double[]> history(int samples, SplittableRandom historyRandom) {
      SplittableRandom trialRandom = random;
      double errorStart = errorNoise;
      double latencyStart = latencyNoise;
      random = historyRandom;
      backwards = true;
      List<double[]> earlier = new ArrayList<>();
      for (int i = 1; i <= samples; i++) {
        earlier.add(sample(-baseline - i, 1, 1));
      }
      Collections.reverse(earlier);
      random = trialRandom;
      backwards = false;
      errorNoise = errorStart;
      latencyNoise = latencyStart;
      errorBurst = new Burst();
      latencyBurst = new Burst();
      gapLeft = 0;
      Arrays.fill(errorCounterExists, true);
      return earlier;
    }

    /** Returns {error ratio, p99 latency} at {@code t}, or an empty array if the sample is missing. */
    double[] sample(int t, double errorFactor, double latencyFactor) {
      double load = load(t);
      double[] multipliers = multipliers(t, errorFactor, latencyFactor);
      double errorMultiplier = multipliers[0];
      double latencyMultiplier = multipliers[1];
      if (family == MetricFamily.LOW_TRAFFIC) {
        return lowTraffic(errorMultiplier, latencyMultiplier);
      }
      int requests = Math.max(1, (int) Math.round(REQUESTS * load + Math.sqrt(REQUESTS) * gaussian()));
      double p = Math.min(1, BASE_ERROR * errorMultiplier);
      int failed = family == MetricFamily.COUNTER_RESETS
          ? countedAfterResets(t, requests, p, errorCounterExists) : binomial(requests, p);
      double p99 = BASE_LATENCY * latencyMultiplier;
      if (missing()) {
        return new double[0];
      }
      return new double[] {failed / (double) requests, p99};
    }

    /**
     * Returns {canary's error ratio, control's error ratio, canary's requests a second, control's
     * requests a second} at {@code t}, or an empty array if the samples are missing: the trial's
     * traffic split evenly between the canary's pods and the control's, the family's cycle, shift,
     * drift, wander, tails and bursts moving both (what the family models is shared: traffic, a
     * dependency, the service's own load), their errors drawn apart, the canary's error probability
     * times {@code errorFactor}. A scrape gap misses both; each has half the pods, which restart on
     * their own (and all at the release); at low traffic each gets half the requests, and a minute
     * without a request of either has no pair.
     */
    double[] canarySample(int t, double errorFactor) {
      double load = load(t);
      double errorMultiplier = multipliers(t, 1, 1)[0];
      double mean = (family == MetricFamily.LOW_TRAFFIC ? LOW_TRAFFIC_REQUESTS : REQUESTS) / 2.0;
      double base = family == MetricFamily.LOW_TRAFFIC ? LOW_TRAFFIC_ERROR : BASE_ERROR;
      int[] requests = new int[2];
      int[] failed = new int[2];
      for (int group = 0; group < 2; group++) {
        requests[group] = family == MetricFamily.LOW_TRAFFIC ? poisson(mean)
            : Math.max(1, (int) Math.round(mean * load + Math.sqrt(mean) * gaussian()));
        double p = Math.min(1, base * errorMultiplier * (group == 0 ? errorFactor : 1));
        failed[group] = family == MetricFamily.COUNTER_RESETS
            ? countedAfterResets(t, requests[group], p, group == 0 ? canaryCounterExists : controlCounterExists)
            : binomial(requests[group], p);
      }
      if (missing() || requests[0] == 0 || requests[1] == 0) {
        return new double[0];
      }
      double seconds = SyntheticSeries.STEP.toSeconds();
      return new double[] {failed[0] / (double) requests[0], failed[1] / (double) requests[1], requests[0] / seconds,
          requests[1] / seconds};
    }

    /**
     * Returns {error multiplier, latency multiplier} at {@code t}: the family's load times the
     * factors, then its wander, tails and bursts, drawn in the same order for every kind of sample.
     */
    private double[] multipliers(int t, double errorFactor, double latencyFactor) {
      double load = load(t);
      double errorMultiplier = load * errorFactor;
      double latencyMultiplier = load * latencyFactor;
      switch (family) {
        case AR_05, AR_08, AR_095 -> {
          // forwards the state steps before its sample; backwards (the history) after, since the
          // trial's first state is the one just before its first sample
          if (!backwards) {
            stepNoise();
          }
          // the mean of exp(s z) is exp(s^2/2): divided out, so the mean error ratio stays at 0.5%
          errorMultiplier *= Math.exp(ERROR_SIGMA * errorNoise - ERROR_SIGMA * ERROR_SIGMA / 2);
          latencyMultiplier *= Math.exp(LATENCY_SIGMA * latencyNoise);
          if (backwards) {
            stepNoise();
          }
        }
        case HEAVY_TAILS -> {
          // a t(3) has variance 3: scaled to variance 1, the same spread as the clean series' noise
          errorMultiplier *= Math.exp(ERROR_SIGMA * studentT3() / Math.sqrt(3));
          latencyMultiplier *= Math.exp(LATENCY_SIGMA * studentT3() / Math.sqrt(3));
        }
        default -> latencyMultiplier *= Math.exp(LATENCY_SIGMA * gaussian());
      }
      if (family == MetricFamily.BURSTS) {
        errorMultiplier *= errorBurst.next(random);
        latencyMultiplier *= latencyBurst.next(random);
      }
      return new double[] {errorMultiplier, latencyMultiplier};
    }

    private void stepNoise() {
      double innovation = Math.sqrt(1 - phi * phi);
      errorNoise = phi * errorNoise + innovation * gaussian();
      latencyNoise = phi * latencyNoise + innovation * gaussian();
    }

    /** The multiplier of both metrics that the family's cycle, shift or drift sets at {@code t}. */
    private double load(int t) {
      return switch (family) {
        case DAILY_RISING, DAILY_FALLING, WEEKLY_RISING, WEEKLY_FALLING ->
            1 + amplitude * Math.sin(phase + 2 * Math.PI * t / period);
        case LEVEL_SHIFT -> t >= shiftAt ? shift : 1;
        case DRIFT -> 1 + drift * Math.max(0, t + baseline) / (double) (baseline + horizon);
        default -> 1;
      };
    }

    private boolean missing() {
      if (family != MetricFamily.MISSING_RUNS) {
        return false;
      }
      if (gapLeft == 0 && random.nextDouble() < GAP_START) {
        gapLeft = 2 + random.nextInt(9);
      }
      if (gapLeft == 0) {
        return false;
      }
      gapLeft--;
      return true;
    }

    /**
     * The errors a ratio of Prometheus rates sees when pods restart: a restarted pod's labelled
     * error counter does not exist until its first error (client libraries create it lazily), and
     * rate() needs two points of a series, so that first error is never counted. Each of the 4 pods
     * restarts about once in 2 h, and all of them at the release (the rollout replaces them).
     */
    private int countedAfterResets(int t, int requests, double p, boolean[] exists) {
      int counted = 0;
      int pods = exists.length;
      for (int pod = 0; pod < pods; pod++) {
        if (t == 0 || random.nextDouble() < RESTART) {
          exists[pod] = false;
        }
        int errors = binomial(requests / pods + (pod < requests % pods ? 1 : 0), p);
        if (!exists[pod] && errors > 0) {
          exists[pod] = true;
          errors--;
        }
        counted += errors;
      }
      return counted;
    }

    /**
     * A few requests a minute (Poisson, mean 3) at 1% errors; a minute without requests has no
     * sample (0/0), and the p99 of so few requests is the slowest of them (per request: log-normal
     * around 150 ms, sigma 0.4).
     */
    private double[] lowTraffic(double errorMultiplier, double latencyMultiplier) {
      int requests = poisson(LOW_TRAFFIC_REQUESTS);
      double p = Math.min(1, LOW_TRAFFIC_ERROR * errorMultiplier);
      int failed = binomial(requests, p);
      double slowest = 0;
      for (int i = 0; i < requests; i++) {
        slowest = Math.max(slowest, 0.15 * Math.exp(0.4 * gaussian()));
      }
      if (requests == 0) {
        return new double[0];
      }
      return new double[] {failed / (double) requests, slowest * latencyMultiplier};
    }

    private int binomial(int n, double p) {
      int k = 0;
      for (int i = 0; i < n; i++) {
        if (random.nextDouble() < p) {
          k++;
        }
      }
      return k;
    }

    private int poisson(double mean) {
      double limit = Math.exp(-mean);
      double product = random.nextDouble();
      int k = 0;
      while (product > limit) {
        product *= random.nextDouble();
        k++;
      }
      return k;
    }

    private double studentT3() {
      double chi2 = 0;
      for (int i = 0; i < 3; i++) {
        double g = gaussian();
        chi2 += g * g;
      }
      return gaussian() / Math.sqrt(chi2 / 3);
    }

    private double gaussian() {
      // Box-Muller; SplittableRandom has no nextGaussian in Java 17.
      double u = 1 - random.nextDouble();
      double v = random.nextDouble();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
  }
}
