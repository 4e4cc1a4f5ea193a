package dev.rollback.benchmarks;

import dev.rollback.core.detect.Decision;
import dev.rollback.core.detect.DecisionPolicy;
import dev.rollback.core.detect.Detector;
import dev.rollback.core.detect.Verdict;
import dev.rollback.spi.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Runs every detector of {@link Contestants} over seeded trials of every {@link Scenario} and
 * prints one Markdown table. Each trial has 120 samples (2 h at 1 min) before the deployment, a day
 * of history before those (for the detectors that calibrate from one) and a horizon of 120 samples
 * after it; the detector is judged at every sample after the deployment,
 * its verdicts go through {@link DecisionPolicy#ofDefaults()} as in the monitor, and the first
 * rollback decision ends the trial.
 *
 * <p>Run it with {@code ./mvnw -q -pl benchmarks -am compile exec:java} (arguments {@code
 * -Dexec.args="--trials 200 --seed 1"}).
 */
public final class DetectionBenchmark {
  static final int BASELINE_SAMPLES = 120;
  static final int HORIZON = 120;
  /** Samples before the baseline (a day), for detectors that calibrate from a history. */
  static final int HISTORY_SAMPLES = 1440;

  private DetectionBenchmark() {}

  /**
   * The figures of one detector on one scenario.
   *
   * @param trials how many trials ran
   * @param detected how many raised an alarm within the horizon
   * @param delays the delays of the detected trials, in samples after the change, sorted
   * @param samples how many samples after the deployment were judged, over all trials
   */
  public record Cell(int trials, int detected, int[] delays, long samples) {
    /** Returns the fraction of trials that raised an alarm. */
    public double detectionRate() {
      return detected / (double) trials;
    }

    /** Returns the median delay, or -1 if nothing was detected. */
    public int medianDelay() {
      return percentile(0.5);
    }

    /** Returns the 90th percentile of the delay, or -1 if nothing was detected. */
    public int p90Delay() {
      return percentile(0.9);
    }

    /** Returns alarms per 10,000 judged samples. */
    public double alarmsPer10k() {
      return samples == 0 ? 0 : detected * 10_000.0 / samples;
    }

    private int percentile(double q) {
      return delays.length == 0 ? -1 : delays[(int) Math.ceil(q * delays.length) - 1];
    }
  }

  /**
   * The figures of a run.
   *
   * @param scenarios the scenarios, in row order
   * @param detectors the detector names, in column order
   * @param cells cells[scenario][detector]
   */
  public record Result(List<Scenario> scenarios, List<String> detectors, Cell[][] cells) {
    /** Returns the cell of {@code scenario} and {@code detector}. */
    public Cell cell(Scenario scenario, String detector) {
      return cells[scenarios.indexOf(scenario)][detectors.indexOf(detector)];
    }

    /** Returns false alarms per 10,000 samples of every no-change scenario together. */
    public double falseAlarmsPer10k(String detector) {
      long alarms = 0;
      long samples = 0;
      for (Scenario s : scenarios) {
        if (s.noChange()) {
          alarms += cell(s, detector).detected();
          samples += cell(s, detector).samples();
        }
      }
      return samples == 0 ? 0 : alarms * 10_000.0 / samples;
    }
  }

  /** Runs {@code trials} trials of every scenario with every detector, seeded by {@code seed}. */
  public static Result run(int trials, long seed) throws InterruptedException {
    return run(trials, seed, "");
  }

  /**
   * Runs {@code trials} trials of the scenarios whose name contains {@code named} with every
   * detector, seeded by {@code seed}; a scenario's trials are the same as in the whole run.
   *
   * @throws IllegalArgumentException if no scenario's name contains {@code named}
   */
  static Result run(int trials, long seed, String named) throws InterruptedException {
    return run(trials, seed, named, Contestants.all());
  }

  /** Returns the contestants and, beside them, {@link DetectionFamiliesBenchmark#WITHOUT_SLOW_RISE} ({@code --experiments}). */
  static Map<String, Detector> withExperiments() {
    Map<String, Detector> all = new LinkedHashMap<>(Contestants.all());
    all.put(DetectionFamiliesBenchmark.WITHOUT_SLOW_RISE, Contestants.withoutSlowRise());
    return all;
  }

  /** Runs {@link #run(int, long, String)} with {@code detectors} instead of the contestants. */
  static Result run(int trials, long seed, String named, Map<String, Detector> detectors) throws InterruptedException {
    List<Scenario> all = Scenario.all();
    List<Scenario> scenarios = all.stream().filter(s -> s.name().contains(named)).toList();
    if (scenarios.isEmpty()) {
      throw new IllegalArgumentException("--scenario must be part of a scenario's name but was '" + named
          + "'; the scenarios: " + all.stream().map(Scenario::name).toList());
    }
    Cell[][] cells = new Cell[scenarios.size()][detectors.size()];
    DecisionPolicy policy = DecisionPolicy.ofDefaults();
    for (int i = 0; i < scenarios.size(); i++) {
      Scenario scenario = scenarios.get(i);
      int s = all.indexOf(scenario); // the seed of the scenario's place in the whole run
      int d = 0;
      for (Detector detector : detectors.values()) {
        List<Integer> delays = new ArrayList<>();
        long samples = 0;
        for (int trial = 0; trial < trials; trial++) {
          long trialSeed = seed * 1_000_003L + s * 10_007L + trial;
          SyntheticSeries series = SyntheticSeries.generate(scenario, HISTORY_SAMPLES, BASELINE_SAMPLES, HORIZON,
              new SplittableRandom(trialSeed), new SplittableRandom(trialSeed).split());
          int delay = firstAlarm(detector, policy, series);
          samples += delay > 0 ? delay : HORIZON;
          if (delay > 0) {
            delays.add(delay);
          }
        }
        int[] sorted = delays.stream().mapToInt(Integer::intValue).sorted().toArray();
        cells[i][d++] = new Cell(trials, sorted.length, sorted, samples);
      }
    }
    return new Result(scenarios, List.copyOf(detectors.keySet()), cells);
  }

  /** Returns the sample (1-based, after the deployment) at which the policy rolls back, or 0. */
  static int firstAlarm(Detector detector, DecisionPolicy policy, SyntheticSeries series) throws InterruptedException {
    return firstAlarm(detector, policy, new SeriesContext(series), series.errorRatio());
  }

  /**
   * Returns the sample (1-based, after the deployment) at which the policy rolls back, or 0, judging
   * {@code context} at each time one of {@code arrivals} (the series whose samples mark a new
   * judgement) has a sample.
   */
  static int firstAlarm(Detector detector, DecisionPolicy policy, SeriesContext context, List<Sample> arrivals)
      throws InterruptedException {
    int seen = 0;
    for (int i = 0; i < HORIZON; i++) {
      Instant now = SyntheticSeries.DEPLOYED.plus(SyntheticSeries.STEP.multipliedBy(i));
      if (containsAt(arrivals, now)) {
        seen++;
      } else {
        continue; // no new sample: the monitor's judgement would see the same data
      }
      context.at(now);
      Verdict verdict = detector.judge(context);
      Decision decision = policy.decide(verdict,
          new DecisionPolicy.Situation("v2", SyntheticSeries.DEPLOYED, now, seen, null, null, false));
      if (decision instanceof Decision.Rollback) {
        return i + 1;
      }
    }
    return 0;
  }

  private static boolean containsAt(List<Sample> samples, Instant at) {
    int lo = 0;
    int hi = samples.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = samples.get(mid).at().compareTo(at);
      if (c == 0) {
        return true;
      } else if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return false;
  }

  /** Returns a Markdown table's header and rule line: {@code first}, then a column per detector. */
  private static StringBuilder header(String first, List<String> detectors) {
    StringBuilder out = new StringBuilder("| " + first + " |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String d : detectors) {
      out.append(' ').append(d).append(" |");
      rule.append("---|");
    }
    return out.append('\n').append(rule).append('\n');
  }

  /** Returns the result as one Markdown table. */
  public static String table(Result result) {
    StringBuilder out = header("scenario", result.detectors());
    for (Scenario s : result.scenarios()) {
      out.append("| ").append(s.name()).append(" |");
      for (String d : result.detectors()) {
        Cell c = result.cell(s, d);
        out.append(' ').append(s.noChange() ? falseAlarms(c) : detection(c)).append(" |");
      }
      out.append('\n');
    }
    out.append("| false alarms per 10,000 no-change samples |");
    boolean noChangeRun = result.scenarios().stream().anyMatch(Scenario::noChange);
    for (String d : result.detectors()) {
      out.append(' ').append(noChangeRun ? String.format(Locale.ROOT, "%.1f", result.falseAlarmsPer10k(d)) : "-")
          .append(" |");
    }
    return out.append('\n').toString();
  }

  /**
   * Returns, per regression scenario and detector, how many trials raised no alarm within the
   * horizon, as a Markdown table: the count the rounded rates of {@link #table} hide (1,976 and
   * 1,982 of 2,000 both print as 99%).
   */
  public static String missed(Result result) {
    StringBuilder out = header("missed within the horizon (of the trials)", result.detectors());
    for (Scenario s : result.scenarios()) {
      if (s.noChange()) {
        continue;
      }
      out.append("| ").append(s.name()).append(" |");
      for (String d : result.detectors()) {
        Cell c = result.cell(s, d);
        out.append(' ').append(c.trials() - c.detected()).append(" of ").append(c.trials()).append(" |");
      }
      out.append('\n');
    }
    return out.toString();
  }

  static String detection(Cell c) {
    // whole percentages, except that a rate just short of 100% (or above 0%) never rounds to it:
    // one decimal, rounded away from it (1,999 of 2,000 is 99.9%, 1 of 2,000 is 0.1%)
    String rate = String.format(Locale.ROOT, "%.0f%%", 100 * c.detectionRate());
    if (rate.equals("100%") && c.detected() < c.trials()) {
      rate = String.format(Locale.ROOT, "%.1f%%", Math.floor(1000 * c.detectionRate()) / 10);
    } else if (rate.equals("0%") && c.detected() > 0) {
      rate = String.format(Locale.ROOT, "%.1f%%", Math.ceil(1000 * c.detectionRate()) / 10);
    }
    return c.detected() == 0 ? rate + " (-/-)" : rate + " (" + c.medianDelay() + "/" + c.p90Delay() + ")";
  }

  private static String falseAlarms(Cell c) {
    return String.format(Locale.ROOT, "%.1f FA/10k", c.alarmsPer10k());
  }

  /**
   * Prints the table; arguments {@code --trials N} (default 200), {@code --seed S} (default 1),
   * {@code --scenario TEXT} (only the scenarios whose name contains it, default all) and {@code
   * --experiments} (the default without its slow-rise test beside the contestants).
   */
  public static void main(String[] args) throws InterruptedException {
    BenchmarkArgs a = BenchmarkArgs.parse(args, Set.of("--trials", "--seed", "--scenario"), Set.of("--experiments"),
        "--trials N --seed S [--scenario TEXT] [--experiments]");
    int trials = a.positiveInt("--trials", 200);
    long seed = a.longValue("--seed", 1);
    String scenario = a.string("--scenario", "");
    long started = System.nanoTime();
    Result result = run(trials, seed, scenario, a.flag("--experiments") ? withExperiments() : Contestants.all());
    System.out.printf(Locale.ROOT, "Detection benchmark: %d trials per scenario, seed %d, %d samples before and %d"
        + " after each deployment, 1 sample/min.%nCells: detection rate (median / p90 delay in samples after the"
        + " change); no-change rows: false alarms per 10,000 samples.%n%n", trials, seed, BASELINE_SAMPLES, HORIZON);
    System.out.print(table(result));
    System.out.printf(Locale.ROOT, "%n");
    System.out.print(missed(result));
    System.out.printf(Locale.ROOT, "%n(%.1f s)%n", (System.nanoTime() - started) / 1e9);
  }
}
