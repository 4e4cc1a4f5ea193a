package dev.rollback.k8s;

import static dev.rollback.k8s.Fixtures.NAME;
import static dev.rollback.k8s.Fixtures.VERSION;

import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.PreviousVersion;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunId;
import dev.rollback.spi.ScaleDown;
import dev.rollback.spi.Version;
import dev.rollback.spi.VersionRegistry;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The fixture the testkit's contract tests run on: a namespace of the real control plane with
 * checkout at two versions (v2 current) in the given shape, and cart with only one version.
 */
final class ContractCluster implements AutoCloseable {
  final WorkflowTest scenario = new WorkflowTest();
  final RolloutShape shape;
  final DeploymentRef checkout;
  final DeploymentRef cart;

  ContractCluster(RolloutShape shape) throws Exception {
    this.shape = shape;
    scenario.open();
    scenario.setUpFixtures(shape, true);
    checkout = scenario.ref;
    cart = scenario.cluster.ref("cart");
    createCart();
  }

  String ns() {
    return scenario.cluster.ns;
  }

  KubernetesAdapters adapters() {
    return KubernetesAdapters.create(scenario.cluster.adapterClient(), WorkflowTest.config(shape));
  }

  /** Returns the manifest rolling checkout back from v2 to v1, as the registry reports them. */
  RollbackManifest manifest(String runId) throws InterruptedException {
    VersionRegistry registry = adapters().versionRegistry();
    Version current = registry.currentVersion(checkout);
    Version previous = ((PreviousVersion.Found) registry.previousStable(checkout, current)).version();
    return new RollbackManifest(RunId.of(runId), checkout, current, previous, ScaleDown.removeAll(), Instant.now());
  }

  private void createCart() throws Exception {
    boolean blueGreen = shape == RolloutShape.BLUE_GREEN;
    Map<String, String> labels = Map.of(NAME, "cart", VERSION, "v1");
    Map<String, String> selector = blueGreen ? labels : Map.of(NAME, "cart");
    String ns = ns();
    new AppsV1Api(scenario.cluster.plainClient()).createNamespacedDeployment(ns, new V1Deployment()
        .apiVersion("apps/v1").kind("Deployment")
        .metadata(new V1ObjectMeta().name(blueGreen ? "cart-v1" : "cart").namespace(ns).labels(labels))
        .spec(new V1DeploymentSpec().replicas(1).selector(new V1LabelSelector().matchLabels(selector))
            .template(new V1PodTemplateSpec().metadata(new V1ObjectMeta().labels(labels)).spec(new V1PodSpec()
                .containers(List.of(new V1Container().name("app").image("registry.example.com/shop/cart:1.0")))))))
        .execute();
    new CoreV1Api(scenario.cluster.plainClient()).createNamespacedService(ns, new V1Service().apiVersion("v1")
        .kind("Service").metadata(new V1ObjectMeta().name("cart").namespace(ns))
        .spec(new V1ServiceSpec().selector(selector).ports(List.of(new V1ServicePort().port(80))))).execute();
    scenario.fixtures.awaitRollout(blueGreen ? "cart-v1" : "cart", true);
  }

  @Override
  public void close() {
    scenario.stop();
  }
}
