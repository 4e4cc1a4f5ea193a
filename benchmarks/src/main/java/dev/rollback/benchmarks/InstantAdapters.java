package dev.rollback.benchmarks;

import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.ContainerImage;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.Notification;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.PodHealth;
import dev.rollback.spi.PodHealthReport;
import dev.rollback.spi.PreviousVersion;
import dev.rollback.spi.ReadinessSnapshot;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.SmokeCheck;
import dev.rollback.spi.SmokeResult;
import dev.rollback.spi.SmokeTester;
import dev.rollback.spi.Version;
import dev.rollback.spi.VersionRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Stateless adapters that answer at once, shaped to reach one outcome: what is left of a run's
 * cost when the cluster costs nothing.
 */
final class InstantAdapters implements VersionRegistry, ClusterDriver, SmokeTester, Notifier {
  static final Version V1 = new Version("v1", List.of(ContainerImage.of("app", "registry.example.com/shop/checkout:1.4.1")));
  static final Version V2 = new Version("v2", List.of(ContainerImage.of("app", "registry.example.com/shop/checkout:1.5.0")));
  private static final PreviousVersion FOUND = PreviousVersion.found(V1);
  private static final PreviousVersion NONE = PreviousVersion.none("only one version was ever deployed");
  private static final ReadinessSnapshot READY = ReadinessSnapshot.of(3, 3);
  private static final PodHealthReport HEALTHY = PodHealthReport.of(List.of(
      PodHealth.healthy("checkout-v1-0"), PodHealth.healthy("checkout-v1-1"), PodHealth.healthy("checkout-v1-2")));
  private static final PodHealthReport UNHEALTHY = PodHealthReport.of(List.of(
      PodHealth.healthy("checkout-v1-0"),
      new PodHealth("checkout-v1-1", false, 5, List.of("container app is in CrashLoopBackOff"))));
  private static final SmokeResult PASSED = SmokeResult.of(SmokeCheck.passed("GET /healthz", "200", Duration.ofMillis(3)));
  private static final SmokeResult FAILED = SmokeResult.of(SmokeCheck.failed("GET /healthz", "503", Duration.ofMillis(3)));

  private final RunOutcome outcome;

  InstantAdapters(RunOutcome outcome) {
    this.outcome = outcome;
  }

  @Override
  public Version currentVersion(DeploymentRef deployment) {
    return V2;
  }

  @Override
  public PreviousVersion previousStable(DeploymentRef deployment, Version current) {
    return outcome == RunOutcome.MANUAL_NEEDED ? NONE : FOUND;
  }

  @Override
  public void markFailed(RollbackManifest manifest, String reason) {}

  @Override
  public void recordRollback(RollbackManifest manifest, Instant at) {}

  @Override
  public void scaleDown(RollbackManifest manifest) {}

  @Override
  public void deploy(RollbackManifest manifest) {}

  @Override
  public ReadinessSnapshot readiness(RollbackManifest manifest) {
    return READY;
  }

  @Override
  public PodHealthReport podHealth(RollbackManifest manifest) {
    return outcome == RunOutcome.ROLLBACK_FAILED ? UNHEALTHY : HEALTHY;
  }

  @Override
  public void switchTraffic(RollbackManifest manifest) {}

  @Override
  public void cleanup(RollbackManifest manifest) {}

  @Override
  public SmokeResult run(RollbackManifest manifest) {
    return outcome == RunOutcome.NEEDS_ATTENTION ? FAILED : PASSED;
  }

  @Override
  public void send(Notification notification) {}

  @Override
  public String name() {
    return "instant";
  }
}
