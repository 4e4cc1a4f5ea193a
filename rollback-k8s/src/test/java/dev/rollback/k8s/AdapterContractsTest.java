package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.Notification;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunId;
import dev.rollback.spi.ScaleDown;
import dev.rollback.spi.SmokeTester;
import dev.rollback.spi.Version;
import dev.rollback.spi.VersionRegistry;
import dev.rollback.testkit.contract.ClusterDriverContract;
import dev.rollback.testkit.contract.NotifierContract;
import dev.rollback.testkit.contract.SmokeTesterContract;
import dev.rollback.testkit.contract.VersionRegistryContract;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/** The Kubernetes adapters pass the testkit's SPI contract tests on the real control plane, in both shapes. */
class AdapterContractsTest {
  ContractCluster cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** The cluster driver contract on a cluster laid out in {@link #shape()}. */
  abstract class ClusterDriverOnShape extends ClusterDriverContract {
    private RollbackManifest manifest;

    abstract RolloutShape shape();

    @BeforeEach
    void start() throws Exception {
      cluster = new ContractCluster(shape());
      manifest = cluster.manifest("contract-driver");
    }

    @Override
    protected ClusterDriver driver() {
      return cluster.adapters().clusterDriver();
    }

    @Override
    protected RollbackManifest manifest() {
      return manifest;
    }
  }

  @Nested
  class BlueGreenClusterDriver extends ClusterDriverOnShape {
    @Override
    RolloutShape shape() {
      return RolloutShape.BLUE_GREEN;
    }
  }

  @Nested
  class InPlaceClusterDriver extends ClusterDriverOnShape {
    @Override
    RolloutShape shape() {
      return RolloutShape.IN_PLACE;
    }
  }

  /** The version registry contract on a cluster laid out in {@link #shape()}. */
  abstract class VersionRegistryOnShape extends VersionRegistryContract {
    abstract RolloutShape shape();

    @BeforeEach
    void start() throws Exception {
      cluster = new ContractCluster(shape());
    }

    @Override
    protected VersionRegistry registry() {
      return cluster.adapters().versionRegistry();
    }

    @Override
    protected DeploymentRef deploymentWithHistory() {
      return cluster.checkout;
    }

    @Override
    protected DeploymentRef deploymentWithOneVersion() {
      return cluster.cart;
    }
  }

  @Nested
  class BlueGreenVersionRegistry extends VersionRegistryOnShape {
    @Override
    RolloutShape shape() {
      return RolloutShape.BLUE_GREEN;
    }
  }

  @Nested
  class InPlaceVersionRegistry extends VersionRegistryOnShape {
    @Override
    RolloutShape shape() {
      return RolloutShape.IN_PLACE;
    }
  }

  @Nested
  class EventNotifier extends NotifierContract {
    @BeforeEach
    void start() throws Exception {
      cluster = new ContractCluster(RolloutShape.BLUE_GREEN);
    }

    @Override
    protected Notifier notifier() {
      return cluster.adapters().eventNotifier();
    }

    @Override
    protected DeploymentRef deployment() {
      return cluster.checkout;
    }

    @Override
    protected void assertDelivered(Notification n) throws Exception {
      String reason = switch (n.kind()) {
        case ROLLBACK_ALERT -> "RollbackStarted";
        case ESCALATION -> "RollbackEscalated";
        case RUN_FINISHED -> switch (java.util.Objects.requireNonNull(n.outcome())) {
          case ROLLED_BACK -> "RollbackComplete";
          case MANUAL_NEEDED -> "RollbackManualNeeded";
          case ROLLBACK_FAILED -> "RollbackFailed";
          case NEEDS_ATTENTION -> "RollbackNeedsAttention";
        };
      };
      var events = new CoreV1Api(cluster.scenario.cluster.plainClient()).listNamespacedEvent(cluster.ns())
          .labelSelector("rollback.dev/run-id=" + n.runId().value()).execute().getItems();
      assertTrue(events.stream().anyMatch(e -> reason.equals(e.getReason()) && e.getMessage().startsWith(n.title())
          && "checkout-v2".equals(e.getInvolvedObject().getName())),
          "an Event " + reason + " on Deployment checkout-v2 (the failing version) says '" + n.title() + "'");
    }

    /** The name of the Event written last: a repeat of a notification maps to the same Event. */
    @Override
    protected java.util.Optional<String> receivedDeduplicationKey() throws Exception {
      return new CoreV1Api(cluster.scenario.cluster.plainClient()).listNamespacedEvent(cluster.ns()).execute()
          .getItems().stream()
          .filter(e -> e.getMetadata().getLabels() != null && e.getMetadata().getLabels().containsKey("rollback.dev/run-id"))
          .max(java.util.Comparator.comparingLong(e -> Long.parseLong(e.getMetadata().getResourceVersion())))
          .map(e -> e.getMetadata().getName());
    }
  }

  @Nested
  class JobSmokeTester extends SmokeTesterContract {
    @BeforeEach
    void start() throws Exception {
      cluster = new ContractCluster(RolloutShape.BLUE_GREEN);
    }

    @Override
    protected SmokeTester tester() {
      return cluster.adapters().jobSmokeTester(WorkflowTest.smokeJob(WorkflowTest.SMOKE_OK));
    }

    private RollbackManifest manifest(String runId, String version) {
      return new RollbackManifest(RunId.of(runId), cluster.checkout,
          Version.of("v2", "app", Fixtures.IMAGE_V2), Version.of(version, "app", Fixtures.IMAGE_V1),
          ScaleDown.removeAll(), Instant.now().minus(Duration.ofMinutes(1)));
    }

    @Override
    protected RollbackManifest healthyManifest() {
      return manifest("contract-healthy", "v1");
    }

    @Override
    protected RollbackManifest brokenManifest() {
      return manifest("contract-broken", "broken"); // kwok fails smoke Jobs checking "broken"
    }
  }
}
