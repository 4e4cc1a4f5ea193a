package dev.rollback.k8s;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
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
import java.util.List;
import java.util.Map;

/** Creates the objects of the two rollout shapes through the (unrecorded) plain client. */
final class Fixtures {
  static final String NS = "shop";
  static final String APP = "checkout";
  static final String NAME = "app.kubernetes.io/name";
  static final String VERSION = "app.kubernetes.io/version";
  static final String IMAGE_V1 = "registry.example.com/shop/checkout:1.0";
  static final String IMAGE_V2 = "registry.example.com/shop/checkout:2.0";

  private final AppsV1Api apps;
  private final CoreV1Api core;
  private final ApiClient client;

  Fixtures(ApiClient client) {
    this.client = client;
    this.apps = new AppsV1Api(client);
    this.core = new CoreV1Api(client);
  }

  /** Blue/green: checkout-v1 (scaled to 0) and checkout-v2 (3 replicas) behind Service checkout -> v2. */
  void blueGreen(boolean withV1) throws ApiException {
    if (withV1) {
      apps.createNamespacedDeployment(NS, versionDeployment("v1", IMAGE_V1, 0)).execute();
    }
    apps.createNamespacedDeployment(NS, versionDeployment("v2", IMAGE_V2, 3)).execute();
    core.createNamespacedService(NS, new V1Service().apiVersion("v1").kind("Service")
        .metadata(new V1ObjectMeta().name(APP).namespace(NS))
        .spec(new V1ServiceSpec().selector(Map.of(NAME, APP, VERSION, "v2"))
            .ports(List.of(new V1ServicePort().port(80))))).execute();
  }

  static V1Deployment versionDeployment(String version, String image, int replicas) {
    Map<String, String> labels = Map.of(NAME, APP, VERSION, version);
    return new V1Deployment().apiVersion("apps/v1").kind("Deployment")
        .metadata(new V1ObjectMeta().name(APP + "-" + version).namespace(NS).labels(labels))
        .spec(new V1DeploymentSpec().replicas(replicas).selector(new V1LabelSelector().matchLabels(labels))
            .template(template(labels, image)));
  }

  /** In place: Deployment checkout created at v1, then updated to v2 (revision 2) once the simulator saw v1. */
  void inPlace(ClusterSimulator sim, boolean withV1) throws Exception {
    Map<String, String> selector = Map.of(NAME, APP);
    String version = withV1 ? "v1" : "v2";
    apps.createNamespacedDeployment(NS, new V1Deployment().apiVersion("apps/v1").kind("Deployment")
        .metadata(new V1ObjectMeta().name(APP).namespace(NS).labels(selector))
        .spec(new V1DeploymentSpec().replicas(3).selector(new V1LabelSelector().matchLabels(selector))
            .template(template(Map.of(NAME, APP, VERSION, version), withV1 ? IMAGE_V1 : IMAGE_V2)))).execute();
    core.createNamespacedService(NS, new V1Service().apiVersion("v1").kind("Service")
        .metadata(new V1ObjectMeta().name(APP).namespace(NS))
        .spec(new V1ServiceSpec().selector(selector).ports(List.of(new V1ServicePort().port(80))))).execute();
    sim.reconcile();
    if (withV1) {
      V1Deployment d = apps.readNamespacedDeployment(APP, NS).execute();
      d.getSpec().setTemplate(template(Map.of(NAME, APP, VERSION, "v2"), IMAGE_V2));
      apps.replaceNamespacedDeployment(APP, NS, d.apiVersion("apps/v1").kind("Deployment").status(null)).execute();
      sim.reconcile();
    }
  }

  private static V1PodTemplateSpec template(Map<String, String> labels, String image) {
    return new V1PodTemplateSpec().metadata(new V1ObjectMeta().labels(labels))
        .spec(new V1PodSpec().containers(List.of(new V1Container().name("app").image(image))));
  }
}
