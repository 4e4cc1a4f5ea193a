package dev.rollback.benchmarks.k8s;

import dev.rollback.benchmarks.MonitorScaleOutBenchmark;
import dev.rollback.core.detect.MonitoredDeployment;
import dev.rollback.k8s.KubernetesAdapterConfig;
import dev.rollback.k8s.KubernetesMonitorSharing;
import dev.rollback.k8s.MonitorReplica;
import dev.rollback.k8s.RolloutShape;
import dev.rollback.k8s.TestCluster;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.MonitorOwnership;
import dev.rollback.spi.MonitorStateStore;
import dev.rollback.testkit.JudgementLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link MonitorScaleOutBenchmark} on the real control plane: 3 replicas in this JVM, each an engine
 * and a monitor with threads of their own ({@link MonitorReplica}), share N deployments through the
 * ConfigMap state store and 32 shard Leases of one namespace, on real time; replica b is then
 * killed (its threads stop mid-request, it releases nothing). Prints the same table.
 *
 * <pre>{@code
 * ./mvnw -q -pl benchmarks -am test-compile exec:exec -Dexec.skip=true -Dexec.executable=java \
 *   -Dexec.classpathScope=test -Dexec.args="-Drollback.k8s.basedir=rollback-k8s -cp %classpath \
 *   dev.rollback.benchmarks.k8s.MonitorScaleOutOnClusterBenchmark 1000"
 * }</pre>
 */
public final class MonitorScaleOutOnClusterBenchmark {
  static final int SHARDS = KubernetesMonitorSharing.DEFAULT_SHARDS;

  private MonitorScaleOutOnClusterBenchmark() {}

  /** Prints the table for the deployment counts in the first argument (default 1000). */
  public static void main(String[] args) throws Exception {
    BenchControlPlane.require();
    int[] sizes = args.length > 0 ? java.util.Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
        : new int[] {1_000};
    System.out.println(MonitorScaleOutBenchmark.Report.HEADER);
    for (int n : sizes) {
      System.out.println(run(n, Duration.ofSeconds(6), 10, 10).row());
    }
    // OkHttp's threads would keep the JVM up; the shutdown hook stops the control plane.
    System.exit(0);
  }

  /**
   * Runs {@code deployments} on 3 replicas on the real control plane judging every {@code
   * interval}: settling until every release is stored and every replica judges, then {@code
   * measured} intervals counted, replica b killed, and {@code after} intervals counted.
   */
  static MonitorScaleOutBenchmark.Report run(int deployments, Duration interval, int measured, int after)
      throws Exception {
    long start = System.nanoTime();
    KubernetesAdapterConfig config = KubernetesAdapterConfig.builder().shape(RolloutShape.IN_PLACE).build();
    try (TestCluster cluster = TestCluster.create()) {
      KubernetesMonitorSharing sharing = KubernetesMonitorSharing.create(cluster.adapterClient(), config);
      MonitorStateStore store = sharing.stateStore(cluster.ns);
      MonitorOwnership ownership = sharing.ownership(cluster.ns, "bench", SHARDS);
      JudgementLedger ledger = JudgementLedger.create(interval);
      List<MonitorReplica> replicas = new ArrayList<>();
      try {
        for (String name : List.of("a", "b", "c")) {
          replicas.add(MonitorReplica.start(name, cluster.adapterClient(), config, interval, ledger.replica(name),
              b -> b.stateStore(store).ownership(ownership)));
        }
        Instant released = Instant.now();
        for (int i = 0; i < deployments; i++) {
          replicas.get(0).monitor().watch(new MonitoredDeployment(DeploymentRef.of("prod", "shop", "app-" + i), "v2",
              released, Duration.ofHours(2)));
        }
        waitUntil(Duration.ofMinutes(5), () -> store.watched().size() == deployments);
        waitUntil(Duration.ofMinutes(2), () -> ledger.judgementsBy("a") > 0 && ledger.judgementsBy("b") > 0
            && ledger.judgementsBy("c") > 0);
        Thread.sleep(interval.multipliedBy(2).toMillis()); // the shards settle
        Instant from = Instant.now();
        Thread.sleep(interval.multipliedBy(measured).toMillis());
        Instant death = Instant.now();
        replicas.get(1).kill();
        Thread.sleep(interval.multipliedBy(after).toMillis());
        Instant end = Instant.now();
        return new MonitorScaleOutBenchmark.Report("real control plane, 3 replicas, " + SHARDS + " shard Leases",
            deployments, interval, ledger.tally(from, death), ledger.tally(death, end), ledger.failover("b", death),
            (System.nanoTime() - start) / 1_000_000);
      } finally {
        replicas.forEach(MonitorReplica::close);
      }
    }
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  private static void waitUntil(Duration timeout, Condition condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the benchmark's set-up did not finish within " + timeout);
      }
      Thread.sleep(100);
    }
  }
}
