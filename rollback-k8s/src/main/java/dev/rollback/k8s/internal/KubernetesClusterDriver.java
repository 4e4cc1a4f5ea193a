package dev.rollback.k8s.internal;

import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.ClusterNotice;
import dev.rollback.spi.PodHealth;
import dev.rollback.spi.PodHealthReport;
import dev.rollback.spi.ReadinessSnapshot;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.Subscription;
import dev.rollback.spi.helpers.Causes;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link ClusterDriver} on the Kubernetes API, for either rollout shape. Thread-safe. */
public final class KubernetesClusterDriver implements ClusterDriver {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesClusterDriver.class);

  private final ClusterObjects k;
  private final Rollout rollout;
  private final PodInspector inspector;

  KubernetesClusterDriver(ClusterObjects k, Rollout rollout) {
    this.k = k;
    this.rollout = rollout;
    this.inspector = new PodInspector(k.api().config().restartThreshold(), k.api().config().blockerGrace(), Clock.systemUTC());
  }

  @Override
  public List<String> validate(RollbackManifest manifest) throws InterruptedException {
    return rollout.validate(manifest);
  }

  @Override
  public void scaleDown(RollbackManifest manifest) throws InterruptedException {
    rollout.scaleDown(manifest);
  }

  @Override
  public void deploy(RollbackManifest manifest) throws InterruptedException {
    rollout.deploy(manifest);
  }

  @Override
  public ReadinessSnapshot readiness(RollbackManifest manifest) throws InterruptedException {
    Rollout.Target target = rollout.target(manifest, true);
    List<V1Pod> pods = k.pods(manifest.deployment().namespace(), target.podSelector()).getItems();
    return Readiness.of(target, pods, inspector, PodInspector.workloadProblems(target.deployment(), manifest.preparedAt()),
        inspector.now());
  }

  @Override
  public Subscription watchReadiness(RollbackManifest manifest, Consumer<ReadinessSnapshot> onChange) {
    try {
      Rollout.Target target = rollout.target(manifest, false);
      return new ReadinessWatch(k, inspector, manifest.deployment().namespace(), target, onChange).start();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Subscription.none();
    } catch (RuntimeException e) {
      // The engine polls readiness() anyway; a watch is only an accelerator.
      LOG.info("{}: no readiness watch ({}); the engine's polling applies", manifest.deployment(), Causes.describe(e));
      return Subscription.none();
    }
  }

  @Override
  public PodHealthReport podHealth(RollbackManifest manifest) throws InterruptedException {
    Rollout.Target target = rollout.target(manifest, true);
    List<PodHealth> pods = k.pods(manifest.deployment().namespace(), target.podSelector()).getItems()
        .stream().filter(p -> PodInspector.active(p) && target.restored(p))
        .map(inspector::health).toList();
    return new PodHealthReport(pods, PodInspector.workloadProblems(target.deployment(), manifest.preparedAt()));
  }

  @Override
  public void switchTraffic(RollbackManifest manifest) throws InterruptedException {
    rollout.switchTraffic(manifest);
  }

  @Override
  public void cleanup(RollbackManifest manifest) throws InterruptedException {
    rollout.cleanup(manifest);
  }

  /** The rollout's GitOps suspensions, then the configuration case of the run (see {@link ConfigNotices}). */
  @Override
  public List<ClusterNotice> notices(RollbackManifest manifest) {
    List<ClusterNotice> gitOps = rollout.notices(manifest);
    List<ClusterNotice> config = ConfigNotices.of(rollout, manifest);
    if (gitOps.isEmpty() || config.isEmpty()) {
      return gitOps.isEmpty() ? config : gitOps;
    }
    List<ClusterNotice> all = new java.util.ArrayList<>(gitOps);
    all.addAll(config);
    return all;
  }
}
