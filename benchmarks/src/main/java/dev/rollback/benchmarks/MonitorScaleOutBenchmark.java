package dev.rollback.benchmarks;

import dev.rollback.core.detect.DeploymentMonitor;
import dev.rollback.core.detect.MonitoredDeployment;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.testkit.CrashableScheduler;
import dev.rollback.testkit.InMemoryMetricsSource;
import dev.rollback.testkit.InMemoryMonitorOwnership;
import dev.rollback.testkit.InMemoryMonitorStateStore;
import dev.rollback.testkit.JudgementLedger;
import dev.rollback.testkit.TestRig;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Scale-out of the deployment monitor: 3 replicas share N monitored deployments through shard
 * leases and a state store; counted are the judgements per deployment per interval while all three
 * run (target: exactly 1) and after one of them dies (never 2, never 0 for more than two
 * intervals), and how long the dead replica's deployments wait for another replica (the failover).
 * This program runs it in memory on virtual time ({@code InMemoryMonitorOwnership}, {@code
 * InMemoryMonitorStateStore}, each replica a {@code CrashableScheduler}); the same on the real
 * control plane is {@code dev.rollback.benchmarks.k8s.MonitorScaleOutOnClusterBenchmark} in this
 * module's tests. Both print the same table ({@link Report}).
 *
 * <p>{@code ./mvnw -q -pl benchmarks -am compile exec:exec -Dexec.skip=true -Dexec.executable=java
 * -Dexec.args="-cp %classpath dev.rollback.benchmarks.MonitorScaleOutBenchmark 1000,10000"}
 */
public final class MonitorScaleOutBenchmark {
  /** The interval of the in-memory runs. */
  static final Duration INTERVAL = Duration.ofSeconds(30);
  /** Shards of the in-memory runs, as {@code KubernetesMonitorSharing.DEFAULT_SHARDS}. */
  static final int SHARDS = 32;


  private MonitorScaleOutBenchmark() {}

  /**
   * One run's figures.
   *
   * @param setup where it ran
   * @param deployments deployments monitored
   * @param interval the monitor's interval
   * @param shared judgements per deployment per interval while the 3 replicas ran
   * @param afterDeath the same from the death of one replica on
   * @param failover how long the dead replica's deployments waited for another replica
   * @param wallMillis the run's wall time
   */
  public record Report(String setup, int deployments, Duration interval, JudgementLedger.Tally shared,
      JudgementLedger.Tally afterDeath, JudgementLedger.@Nullable Failover failover, long wallMillis) {

    /** The header of {@link #row()}. */
    public static final String HEADER = "| setup | deployments | interval | intervals counted (3 replicas) | judgements"
        + " per interval: 0 / 1 / 2+ | after one dies: 0 / 1 / 2+ | longest gap (intervals) | failover median / max"
        + " | wall s |\n|---|---:|---:|---:|---|---|---:|---:|---:|";

    /** Returns the report's row of the table. */
    public String row() {
      String fo = failover == null ? "-" : seconds(failover.median()) + " / " + seconds(failover.max())
          + String.format(Locale.ROOT, " (%.2f intervals)", (double) failover.max().toMillis() / interval.toMillis())
          + (failover.orphaned() > 0 ? ", " + failover.orphaned() + " never taken over" : "");
      return String.format(Locale.ROOT, "| %s | %,d | %s | %,d | %s | %s | %d | %s | %.1f |", setup, deployments,
          seconds(interval), shared.intervals(), counts(shared), counts(afterDeath), afterDeath.longestGap(), fo,
          wallMillis / 1000.0);
    }

    /** Returns the header and the row. */
    public String table() {
      return HEADER + "\n" + row();
    }

    private static String counts(JudgementLedger.Tally t) {
      return String.format(Locale.ROOT, "%,d / %,d / %,d", t.never(), t.once(), t.more());
    }

    private static String seconds(Duration d) {
      return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
  }

  /** Prints the table for the sizes in the first argument (default {@code 1000,10000}). */
  public static void main(String[] args) {
    int[] sizes = args.length > 0 ? Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
        : new int[] {1_000, 10_000};
    System.out.println(Report.HEADER);
    for (int n : sizes) {
      System.out.println(run(n, 10, 10).row());
    }
  }

  /**
   * Runs {@code deployments} on 3 in-memory replicas: 3 intervals to settle, {@code measured}
   * intervals counted, the death of replica b, and {@code after} intervals counted.
   */
  public static Report run(int deployments, int measured, int after) {
    long start = System.nanoTime();
    TestRig rig = TestRig.create();
    InMemoryMonitorOwnership ownership = InMemoryMonitorOwnership.create(rig.time().clock(), SHARDS);
    InMemoryMonitorStateStore store = InMemoryMonitorStateStore.create();
    JudgementLedger ledger = JudgementLedger.create(INTERVAL);
    Map<String, CrashableScheduler> processes = java.util.stream.Stream.of("a", "b", "c")
        .collect(Collectors.toMap(n -> n, n -> CrashableScheduler.on(rig.time())));
    Map<String, DeploymentMonitor> monitors = new java.util.TreeMap<>();
    processes.forEach((name, process) -> monitors.put(name, DeploymentMonitor.builder()
        .engine(rig.engineOn(process, b -> b)).executor(process.executor()).metrics(InMemoryMetricsSource.create())
        .detector(JudgementLedger.ALWAYS_HEALTHY).interval(INTERVAL).ownership(ownership).stateStore(store).replica(name)
        .onJudgement(ledger.replica(name)).build()));
    Instant t0 = rig.time().now();
    DeploymentMonitor told = java.util.Objects.requireNonNull(monitors.get("a"));
    for (int i = 0; i < deployments; i++) {
      told.watch(new MonitoredDeployment(DeploymentRef.of("prod", "shop", "app-" + i), "v2", t0,
          Duration.ofHours(24)));
    }
    rig.time().advance(INTERVAL.multipliedBy(3));
    Instant from = rig.time().now();
    rig.time().advance(INTERVAL.multipliedBy(measured).plusSeconds(7));
    Instant death = rig.time().now();
    java.util.Objects.requireNonNull(processes.get("b")).crash();
    rig.time().advance(INTERVAL.multipliedBy(after));
    Instant end = rig.time().now();
    return new Report("virtual time, in memory", deployments, INTERVAL, ledger.tally(from, death),
        ledger.tally(death, end), ledger.failover("b", death), (System.nanoTime() - start) / 1_000_000);
  }
}
