package dev.rollback.benchmarks;

import static dev.rollback.benchmarks.SyntheticSeries.ERROR_RATIO;
import static dev.rollback.benchmarks.SyntheticSeries.LATENCY;
import static dev.rollback.benchmarks.SyntheticSeries.STEP;

import dev.rollback.benchmarks.DetectionBenchmark.Cell;
import dev.rollback.core.detect.BurnRateDetector;
import dev.rollback.core.detect.DecisionPolicy;
import dev.rollback.core.detect.DefaultDetection;
import dev.rollback.core.detect.Detector;
import dev.rollback.core.detect.MultiMetricJudge;
import dev.rollback.core.detect.PoissonCusumDetector;
import dev.rollback.spi.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Runs every detector over seeded trials of every {@link MetricFamily} with and without each {@link
 * Regression}, as {@link DetectionBenchmark} does for the clean scenarios: 120 samples before the
 * release (and a day of history before them, for the detectors that calibrate from one), a horizon
 * of 120 after it, judged at every sample that arrived, through {@link
 * DecisionPolicy#ofDefaults()}; the first rollback ends the trial. Prints a false-alarm table (per
 * 10,000 judged samples and per 1,000 releases judged over the 2 h) and, per detector, a detection
 * table.
 *
 * <p>Run it with {@code ./mvnw -q -pl benchmarks -am compile exec:java
 * -Dexec.mainClass=dev.rollback.benchmarks.DetectionFamiliesBenchmark -Dexec.args="--trials 40 --seed 1"}.
 */
public final class DetectionFamiliesBenchmark {
  /** The detector that judges only the error ratio, so that its latency cells are empty. */
  static final String POISSON_CUSUM = "Poisson CUSUM";
  static final String ERRORS_ONLY = "restarting, errors only";
  /**
   * The SRE workbook's paging burn rates ({@link BurnRateDetector}) on the error ratio, at an
   * objective the benchmark's 0.5% errors meet at half their budget.
   */
  static final String BURN_RATE_99 = "burn rate 99% (SRE workbook)";
  /** The same at an objective the 0.5% errors meet with little to spare: 2.5x its budget of 0.2%. */
  static final String BURN_RATE_998 = "burn rate 99.8% (SRE workbook)";
  static final String LATENCY_ONLY = "restarting, latency only";
  static final String PREWHITENED = "restarting, latency AR(1)-prewhitened";
  /** {@link Contestants#SINCE_DEPLOYMENT} against the same clock window a day before ({@link DayBeforeBaseline}). */
  static final String DAY_BEFORE = "since deployment, baseline a day before";
  /** The default without its slow-rise test ({@code DefaultDetection.Builder.slowRise(ZERO)}; issue 15, step 18). */
  static final String WITHOUT_SLOW_RISE = "default, without the slow-rise test";
  /** {@link #DAY_BEFORE} scaled to today's level ({@link DayBeforeBaseline#levelAdjusted()}). */
  static final String DAY_BEFORE_LEVEL = "since deployment, a day before, level-adjusted";
  /** The benchmark's watch: it judges the {@value DetectionBenchmark#HORIZON} samples from the release on, the last 119 min after it. */
  static final Duration WATCH = STEP.multipliedBy(DetectionBenchmark.HORIZON - 1);

  private DetectionFamiliesBenchmark() {}

  /** Returns the detectors compared: those of the clean benchmark, two burn-rate alerts and a lone Poisson CUSUM. */
  static Map<String, Detector> detectors() {
    Map<String, Detector> all = new LinkedHashMap<>();
    Map<String, Detector> contestants = Contestants.all();
    contestants.forEach((name, detector) -> {
      if (name.equals(Contestants.RESTARTING)) {
        // PoissonCusumDetector with its own defaults (a 2x rise, one false alarm in 10,000 samples)
        all.put(POISSON_CUSUM, MultiMetricJudge.builder().name("poisson-cusum")
            .critical(ERROR_RATIO, PoissonCusumDetector.builder(ERROR_RATIO)
                .baseline(Contestants.BASELINE).step(STEP).build())
            .build());
      }
      all.put(name, detector);
      if (name.equals("SLO threshold (Flagger)")) {
        // the workbook's two paging rules (14.4x over 1 h and 5 min, 6x over 6 h and 30 min) of the release
        all.put(BURN_RATE_99, MultiMetricJudge.builder().name("burn-rate")
            .critical(ERROR_RATIO, BurnRateDetector.builder(ERROR_RATIO).objective(0.99).step(STEP).build()).build());
        all.put(BURN_RATE_998, MultiMetricJudge.builder().name("burn-rate")
            .critical(ERROR_RATIO, BurnRateDetector.builder(ERROR_RATIO).objective(0.998).step(STEP).build()).build());
      }
    });
    return all;
  }

  /**
   * The experiments of step 2 of issue 15, beside the restarting charts (then the default): their
   * error charts alone, their latency chart alone (which part raises the false alarms), and the
   * charts with the latency prewhitened by an AR(1) fitted to the baseline ({@link
   * PrewhitenedLatency}); and of step 9, the tests since the deployment beside themselves with a
   * seasonal baseline, the same clock window a day before ({@link DayBeforeBaseline}). The whole
   * watch's comparison of steps 13-15 is now in the default ({@link Contestants#all()}).
   */
  static Map<String, Detector> experiments() {
    Map<String, Detector> all = new LinkedHashMap<>();
    Map<String, Detector> contestants = Contestants.all();
    Detector restarting = Objects.requireNonNull(contestants.get(Contestants.RESTARTING));
    all.put(Contestants.RESTARTING, restarting);
    all.put(ERRORS_ONLY, DefaultDetection.builder().errorRatio(ERROR_RATIO)
        .baseline(Contestants.BASELINE).step(STEP).restartingCharts().build());
    all.put(LATENCY_ONLY, DefaultDetection.builder().latency(LATENCY)
        .baseline(Contestants.BASELINE).step(STEP).restartingCharts().build());
    all.put(PREWHITENED, new PrewhitenedLatency(restarting, LATENCY, Contestants.BASELINE));
    Detector sinceDeployment = Objects.requireNonNull(contestants.get(Contestants.SINCE_DEPLOYMENT));
    all.put(Contestants.SINCE_DEPLOYMENT, sinceDeployment);
    DayBeforeBaseline dayBefore = new DayBeforeBaseline(sinceDeployment, Duration.ofDays(1), Contestants.BASELINE);
    all.put(DAY_BEFORE, dayBefore);
    all.put(DAY_BEFORE_LEVEL, dayBefore.levelAdjusted());
    all.put(WITHOUT_SLOW_RISE, Contestants.withoutSlowRise());
    return all;
  }

  /**
   * The false alarms per 10,000 samples a detector's settings promise on an unchanged series, or
   * NaN where its settings promise no rate (a threshold, a test repeated at every sample).
   */
  static double promisedPer10k(String detector) {
    return switch (detector) {
      case "CUSUM" -> 2; // two metrics, one false alarm in 10,000 samples each
      case POISSON_CUSUM -> 1;
      case Contestants.RESTARTING, PREWHITENED -> 1; // errors: two charts at 40,000 samples; latency: one at 20,000
      // three tests at a false-alarm probability of 0.004 each over a release's 2 h watch (120 samples)
      case Contestants.SINCE_DEPLOYMENT, Contestants.WITH_HISTORY, DAY_BEFORE, DAY_BEFORE_LEVEL -> 1;
      case WITHOUT_SLOW_RISE -> 4.0 / 3; // a fourth test, the whole watch's comparison, at 0.004 a release
      case "default" -> 5.0 / 3; // and a fifth, the slow rise's
      case ERRORS_ONLY, LATENCY_ONLY -> 0.5;
      default -> Double.NaN;
    };
  }

  /**
   * The figures of a run.
   *
   * @param trials trials per family and regression
   * @param seed the seed
   * @param families the families, in row order
   * @param detectors the detector names, in column order
   * @param cells cells[family][regression][detector], regressions in {@link Regression} order; the
   *     no-change cells of {@link MetricFamily#LEVEL_SHIFT} hold only the trials whose shift is
   *     before the release or downward
   * @param ambiguous per detector, the no-change trials of {@link MetricFamily#LEVEL_SHIFT} whose
   *     shift is upward and after the release: a rise after the release that no comparison of after
   *     with before can tell from a regression, counted apart from the false alarms
   * @param shortlyBefore per detector, those of the counted no-change trials of {@link
   *     MetricFamily#LEVEL_SHIFT} whose shift is upward and in the {@value
   *     ProductionSeries#SHORTLY_BEFORE} samples before the release (counted among the false alarms
   *     too; reported apart to show how many of them they raise)
   */
  public record Result(int trials, long seed, List<MetricFamily> families, List<String> detectors, Cell[][][] cells,
      Cell[] ambiguous, Cell[] shortlyBefore) {
    /** Returns the cell of {@code family}, {@code regression} and {@code detector}. */
    public Cell cell(MetricFamily family, Regression regression, String detector) {
      return cells[families.indexOf(family)][regression.ordinal()][detectors.indexOf(detector)];
    }

    /** Returns whether {@code detector} judges the metric {@code regression} changes. */
    public boolean applies(Regression regression, String detector) {
      return judges(regression, detector);
    }
  }

  /** Returns whether {@code detector} judges the metric {@code regression} changes. */
  static boolean judges(Regression regression, String detector) {
    if (regression == Regression.NONE) {
      return true;
    }
    return regression.ofErrors()
        ? !detector.equals(LATENCY_ONLY)
        : !List.of(POISSON_CUSUM, ERRORS_ONLY, BURN_RATE_99, BURN_RATE_998).contains(detector);
  }

  /** Runs {@code trials} trials of every family and regression, seeded by {@code seed}. */
  public static Result run(int trials, long seed, List<MetricFamily> families) throws InterruptedException {
    return run(trials, seed, families, detectors());
  }

  /** Runs {@code trials} trials of every family and regression with {@code detectors}, seeded by {@code seed}. */
  static Result run(int trials, long seed, List<MetricFamily> families, Map<String, Detector> detectors)
      throws InterruptedException {
    List<String> names = List.copyOf(detectors.keySet());
    List<Detector> judges = List.copyOf(detectors.values());
    Regression[] regressions = Regression.values();
    DecisionPolicy policy = DecisionPolicy.ofDefaults();
    Cell[][][] cells = new Cell[families.size()][regressions.length][names.size()];
    Cell[] ambiguous = new Cell[names.size()];
    Arrays.fill(ambiguous, new Cell(0, 0, new int[0], 0));
    Cell[] shortlyBefore = ambiguous.clone();
    for (int f = 0; f < families.size(); f++) {
      MetricFamily family = families.get(f);
      for (Regression regression : regressions) {
        Tally counted = new Tally(names.size());
        Tally apart = new Tally(names.size());
        Tally before = new Tally(names.size());
        for (int trial = 0; trial < trials; trial++) {
          // not seeded by the regression: each row of a family sees the same noise
          long trialSeed = (seed * 1_000_003L + family.ordinal()) * 100_003L + trial;
          SyntheticSeries series = ProductionSeries.generate(family, regression, DetectionBenchmark.HISTORY_SAMPLES,
              DetectionBenchmark.BASELINE_SAMPLES, DetectionBenchmark.HORIZON, new SplittableRandom(trialSeed),
              new SplittableRandom(trialSeed).split());
          boolean isAmbiguous = regression == Regression.NONE && ProductionSeries.shiftsUpAfterRelease(family,
              DetectionBenchmark.BASELINE_SAMPLES, DetectionBenchmark.HORIZON, new SplittableRandom(trialSeed));
          boolean isShortlyBefore = regression == Regression.NONE && ProductionSeries.shiftsUpShortlyBefore(family,
              DetectionBenchmark.BASELINE_SAMPLES, DetectionBenchmark.HORIZON, new SplittableRandom(trialSeed));
          Tally tally = isAmbiguous ? apart : counted;
          tally.trials++;
          if (isShortlyBefore) {
            before.trials++;
          }
          for (int d = 0; d < names.size(); d++) {
            if (!judges(regression, names.get(d))) {
              continue;
            }
            int delay = DetectionBenchmark.firstAlarm(judges.get(d), policy, series);
            long judged = judgedSamples(series, delay > 0 ? delay : DetectionBenchmark.HORIZON);
            tally.judged[d] += judged;
            if (delay > 0) {
              tally.delays.get(d).add(delay);
            }
            if (isShortlyBefore) {
              before.judged[d] += judged;
              if (delay > 0) {
                before.delays.get(d).add(delay);
              }
            }
          }
        }
        for (int d = 0; d < names.size(); d++) {
          cells[f][regression.ordinal()][d] = counted.cell(d);
          if (family == MetricFamily.LEVEL_SHIFT && regression == Regression.NONE) {
            ambiguous[d] = apart.cell(d);
            shortlyBefore[d] = before.cell(d);
          }
        }
      }
    }
    return new Result(trials, seed, List.copyOf(families), names, cells, ambiguous, shortlyBefore);
  }

  /** The alarms of the trials of one cell, per detector, while they run. */
  private static final class Tally {
    int trials;
    final long[] judged;
    final List<List<Integer>> delays = new ArrayList<>();

    Tally(int detectors) {
      judged = new long[detectors];
      for (int d = 0; d < detectors; d++) {
        delays.add(new ArrayList<>());
      }
    }

    Cell cell(int detector) {
      int[] sorted = delays.get(detector).stream().mapToInt(Integer::intValue).sorted().toArray();
      return new Cell(trials, sorted.length, sorted, judged[detector]);
    }
  }

  /** Returns how many samples arrived in the first {@code samples} steps after the release. */
  static long judgedSamples(SyntheticSeries series, int samples) {
    return judgedSamples(series.errorRatio(), samples);
  }

  /** Returns how many of {@code arrivals} came in the first {@code samples} steps after the release. */
  static long judgedSamples(List<Sample> arrivals, int samples) {
    Instant end = SyntheticSeries.DEPLOYED.plus(STEP.multipliedBy(samples));
    long n = 0;
    for (Sample s : arrivals) {
      if (!s.at().isBefore(SyntheticSeries.DEPLOYED) && s.at().isBefore(end)) {
        n++;
      }
    }
    return n;
  }

  /** Returns the false-alarm table: per family and detector, alarms per 10,000 judged samples and per 1,000 releases. */
  public static String falseAlarmTable(Result result) {
    StringBuilder out = header("family", result.detectors());
    long[] alarms = new long[result.detectors().size()];
    long[] samples = new long[alarms.length];
    long[] releases = new long[alarms.length];
    for (MetricFamily family : result.families()) {
      out.append("| ").append(family.title()).append(" |");
      for (int d = 0; d < alarms.length; d++) {
        Cell c = result.cell(family, Regression.NONE, result.detectors().get(d));
        alarms[d] += c.detected();
        samples[d] += c.samples();
        releases[d] += c.trials();
        out.append(' ').append(falseAlarms(c.detected(), c.samples(), c.trials())).append(" |");
      }
      out.append('\n');
    }
    out.append("| all families (without the ambiguous shifts below) |");
    for (int d = 0; d < alarms.length; d++) {
      out.append(' ').append(falseAlarms(alarms[d], samples[d], releases[d])).append(" |");
    }
    out.append("\n| level shift upward after the release (ambiguous, not counted above) |");
    for (int d = 0; d < alarms.length; d++) {
      Cell c = result.ambiguous()[d];
      out.append(' ').append(falseAlarms(c.detected(), c.samples(), c.trials())).append(" |");
    }
    out.append("\n| of the level shift counted above: upward in the ").append(ProductionSeries.SHORTLY_BEFORE)
        .append(" samples before the release (releases rolled back) |");
    for (int d = 0; d < alarms.length; d++) {
      Cell c = result.shortlyBefore()[d];
      out.append(' ').append(c.detected()).append(" of ").append(c.trials()).append(" |");
    }
    if (result.families().contains(MetricFamily.LEVEL_SHIFT)) {
      out.append("\n| of the level shift counted above: the other releases |");
      for (int d = 0; d < alarms.length; d++) {
        Cell all = result.cell(MetricFamily.LEVEL_SHIFT, Regression.NONE, result.detectors().get(d));
        Cell near = result.shortlyBefore()[d];
        out.append(' ').append(falseAlarms(all.detected() - near.detected(), all.samples() - near.samples(),
            all.trials() - near.trials())).append(" |");
      }
    }
    out.append("\n| promised per 10,000 samples |");
    for (String d : result.detectors()) {
      double promised = promisedPer10k(d);
      out.append(' ').append(Double.isNaN(promised) ? "-" : String.format(Locale.ROOT, "%.1f", promised)).append(" |");
    }
    return out.append('\n').toString();
  }

  /** Returns the detection table of {@code detector}: per family and regression, rate (median/p90 delay). */
  public static String detectionTable(Result result, String detector) {
    List<Regression> regressions = changes();
    StringBuilder out = header("family", regressions.stream().map(Regression::title).toList());
    for (MetricFamily family : result.families()) {
      out.append("| ").append(family.title()).append(" |");
      for (Regression r : regressions) {
        out.append(' ')
            .append(result.applies(r, detector) ? DetectionBenchmark.detection(result.cell(family, r, detector)) : "n/a")
            .append(" |");
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** Returns the whole report: the false-alarm table, then one detection table per detector. */
  public static String report(Result result) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Detection benchmark on production-like families: %d trials per family and"
        + " regression, seed %d, %d samples before and %d after each release, 1 sample/min.%n%n", result.trials(),
        result.seed(), DetectionBenchmark.BASELINE_SAMPLES, DetectionBenchmark.HORIZON));
    out.append("False alarms without a change: per 10,000 judged samples / per 1,000 releases judged over 2 h.\n\n");
    out.append(falseAlarmTable(result));
    for (String d : result.detectors()) {
      out.append("\nDetection of real regressions by ").append(d)
          .append(": detection rate within 2 h (median / p90 delay in samples).\n\n");
      out.append(detectionTable(result, d));
    }
    return out.toString();
  }

  /** Returns the families named, comma-separated, by their {@link MetricFamily} constants. */
  static List<MetricFamily> families(String names) {
    List<MetricFamily> families = new ArrayList<>();
    for (String name : names.split(",", -1)) {
      try {
        families.add(MetricFamily.valueOf(name.trim()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--families must name MetricFamily constants, comma-separated, but had '"
            + name + "'; the families: " + Arrays.toString(MetricFamily.values()), e);
      }
    }
    return List.copyOf(families);
  }

  /** The regressions that change something, in column order. */
  static List<Regression> changes() {
    return Arrays.stream(Regression.values()).filter(r -> r != Regression.NONE).toList();
  }

  private static StringBuilder header(String first, List<String> columns) {
    StringBuilder out = new StringBuilder("| ").append(first).append(" |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String c : columns) {
      out.append(' ').append(c).append(" |");
      rule.append("---|");
    }
    return out.append('\n').append(rule).append('\n');
  }

  /** Returns "per 10,000 judged samples / per 1,000 releases" of {@code alarms}, as the tables print it. */
  static String falseAlarms(long alarms, long samples, long releases) {
    double per10k = samples == 0 ? 0 : alarms * 10_000.0 / samples;
    double per1000 = releases == 0 ? 0 : alarms * 1_000.0 / releases;
    return String.format(Locale.ROOT, "%.1f / %.0f", per10k, per1000);
  }

  /**
   * Prints the report; arguments {@code --trials N} (default 40), {@code --seed S} (default 1),
   * {@code --families A,B} (the {@link MetricFamily} constants to run, default all; a trial's series
   * depends on its family, seed and number only, so a family's first trials are the same in any
   * selection) and {@code --experiments} (the detectors of {@link #experiments()} instead of the
   * library's).
   */
  public static void main(String[] args) throws InterruptedException {
    BenchmarkArgs a = BenchmarkArgs.parse(args, Set.of("--trials", "--seed", "--families"), Set.of("--experiments"),
        "--trials N --seed S [--families A,B] [--experiments]");
    int trials = a.positiveInt("--trials", 40);
    long seed = a.longValue("--seed", 1);
    List<MetricFamily> families = a.has("--families") ? families(a.string("--families", ""))
        : List.of(MetricFamily.values());
    boolean experiments = a.flag("--experiments");
    long started = System.nanoTime();
    Result result = run(trials, seed, families, experiments ? experiments() : detectors());
    System.out.print(report(result));
    System.out.printf(Locale.ROOT, "%n(%.1f s)%n", (System.nanoTime() - started) / 1e9);
  }
}
