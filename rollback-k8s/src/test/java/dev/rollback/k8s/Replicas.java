package dev.rollback.k8s;


import dev.rollback.core.RollbackPolicy;
import dev.rollback.core.RunListener;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.spi.DeploymentLock;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.RunId;
import dev.rollback.spi.RunStore;
import dev.rollback.spi.ScaleDown;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Replicas of an embedding service on one namespace of the real control plane: each an engine with its own API clients,
 * threads ({@link EngineProcess}), run ids and holder identity, sharing the cluster's ConfigMap run
 * store and Lease lock, and one {@link CountingNotifier} over the Events notifier.
 */
final class Replicas implements AutoCloseable {
  final WorkflowTest scenario = new WorkflowTest();
  final RolloutShape shape;
  final Duration lease;
  CountingNotifier notifier;
  private final List<EngineProcess> processes = new ArrayList<>();
  private final List<RollbackEngine> engines = new ArrayList<>();

  Replicas(RolloutShape shape, Duration lease) throws Exception {
    this.shape = shape;
    this.lease = lease;
    scenario.open();
    scenario.setUpFixtures(shape, true);
    notifier = new CountingNotifier(adapters().eventNotifier());
  }

  KubernetesAdapters adapters() {
    return KubernetesAdapters.create(scenario.cluster.adapterClient(), WorkflowTest.config(shape));
  }

  RunStore store() {
    return adapters().runStore(scenario.cluster.ns);
  }

  DeploymentLock lock() {
    return adapters().deploymentLock(scenario.cluster.ns);
  }

  static RollbackPolicy policy() {
    return RollbackPolicy.builder()
        .readinessPoll(Duration.ofMillis(20), Duration.ofMillis(200))
        .stepDeadline(Duration.ofSeconds(15))
        .scaleDown(ScaleDown.removeAll())
        .build();
  }

  DeploymentRef ref() {
    return scenario.ref;
  }

  String ns() {
    return scenario.cluster.ns;
  }

  /** Starts a replica: a durable, single-flight engine on its own process. */
  EngineProcess replica(String holder, RunListener listener, UnaryOperator<RollbackEngine.Builder> more) {
    EngineProcess process = new EngineProcess();
    processes.add(process);
    KubernetesAdapters k8s = adapters();
    AtomicLong sequence = new AtomicLong();
    RollbackEngine.Builder b = RollbackEngine.builder()
        .versionRegistry(k8s.versionRegistry())
        .clusterDriver(k8s.clusterDriver())
        .smokeTester(k8s.jobSmokeTester(WorkflowTest.smokeJob(WorkflowTest.SMOKE_OK)))
        .notifier(notifier)
        .policy(policy())
        .scheduler(process.scheduler())
        .adapterExecutor(process.executor())
        // run ids must be unique across replicas sharing a store: the default is not (see report)
        .runIds(d -> RunId.of(holder + "-" + sequence.incrementAndGet()))
        .runStore(k8s.runStore(scenario.cluster.ns))
        .deploymentLock(k8s.deploymentLock(scenario.cluster.ns))
        .holderId(holder)
        .leaseDuration(lease)
        .listener(listener);
    engines.add(more.apply(b).build());
    return process;
  }

  RollbackEngine engine(int index) {
    return engines.get(index);
  }

  @Override
  public void close() throws Exception {
    for (RollbackEngine e : engines) {
      e.close();
    }
    for (EngineProcess p : processes) {
      p.close();
    }
    scenario.stop();
  }
}
