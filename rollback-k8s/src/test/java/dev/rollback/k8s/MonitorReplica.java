package dev.rollback.k8s;

import dev.rollback.core.TaskScheduler;
import dev.rollback.core.detect.DeploymentMonitor;
import dev.rollback.core.detect.Judgement;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.spi.SmokeCheck;
import dev.rollback.spi.SmokeResult;
import dev.rollback.testkit.InMemoryMetricsSource;
import dev.rollback.testkit.JudgementLedger;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One replica of a service embedding a deployment monitor, in this JVM: an engine on the real
 * Kubernetes adapters, on a scheduler thread and an adapter pool of its own, and a monitor on it
 * judging with a detector that finds every release healthy (so no run starts). {@link #kill()} ends
 * it as a process dies: its threads stop at once, mid-request, and it gives nothing up; {@link
 * #close()} stops it gracefully.
 */
public final class MonitorReplica implements AutoCloseable {

  private final ScheduledExecutorService scheduler;
  private final ExecutorService pool;
  private final RollbackEngine engine;
  private final DeploymentMonitor monitor;

  private MonitorReplica(String name, ApiClient client, KubernetesAdapterConfig config, Duration interval,
      Consumer<Judgement> judgements, UnaryOperator<DeploymentMonitor.Builder> sharing) {
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name + "-scheduler"));
    this.pool = Executors.newFixedThreadPool(4, r -> daemon(r, name + "-adapters"));
    KubernetesAdapters k8s = KubernetesAdapters.create(client, config);
    this.engine = RollbackEngine.builder()
        .versionRegistry(k8s.versionRegistry()).clusterDriver(k8s.clusterDriver()).notifier(k8s.eventNotifier())
        .smokeTester(m -> SmokeResult.of(SmokeCheck.passed("smoke", "in-process check", Duration.ZERO)))
        .scheduler(TaskScheduler.of(scheduler)).adapterExecutor(pool).build();
    this.monitor = sharing.apply(DeploymentMonitor.builder().engine(engine).metrics(InMemoryMetricsSource.create())
        .detector(JudgementLedger.ALWAYS_HEALTHY).interval(interval).replica(name).onJudgement(judgements)).build();
  }

  /** Starts replica {@code name}; {@code sharing} adds the state store and the ownership. */
  public static MonitorReplica start(String name, ApiClient client, KubernetesAdapterConfig config, Duration interval,
      Consumer<Judgement> judgements, UnaryOperator<DeploymentMonitor.Builder> sharing) {
    return new MonitorReplica(name, client, config, interval, judgements, sharing);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Returns the replica's monitor. */
  public DeploymentMonitor monitor() {
    return monitor;
  }

  /** Ends the replica as a process dies: no task of it runs any more, and it releases nothing. */
  public void kill() throws InterruptedException {
    scheduler.shutdownNow();
    pool.shutdownNow();
    scheduler.awaitTermination(10, TimeUnit.SECONDS);
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  /** Closes the monitor (giving up its shards) and the engine, then the threads. */
  @Override
  public void close() {
    monitor.close();
    engine.close();
    scheduler.shutdownNow();
    pool.shutdownNow();
  }
}
