package dev.rollback.examples.k8s;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateRunning;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A minimal stand-in for the Deployment controller and the kubelet on the mock server, enough for
 * blue/green: keeps as many ready pods per Deployment as it asks for. The example's test checks
 * the program's wiring and arguments; rollback-k8s's own tests run the adapters on a real control
 * plane (its test ControlPlane, not shared with this module).
 */
final class PodSimulator implements AutoCloseable {
  private final AppsV1Api apps;
  private final CoreV1Api core;
  private final String ns;
  private volatile boolean running = true;
  private final Thread thread;

  PodSimulator(ApiClient client, String ns) {
    this.apps = new AppsV1Api(client);
    this.core = new CoreV1Api(client);
    this.ns = ns;
    this.thread = new Thread(this::loop, "pod-simulator");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      try {
        reconcile();
        Thread.sleep(10);
      } catch (InterruptedException e) {
        return;
      } catch (ApiException e) {
        // a concurrent write; the next pass sees fresh objects
      }
    }
  }

  private void reconcile() throws ApiException {
    for (V1Deployment d : apps.listNamespacedDeployment(ns).execute().getItems()) {
      Map<String, String> match = d.getSpec().getSelector().getMatchLabels();
      String selector = match.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
      List<V1Pod> pods = core.listNamespacedPod(ns).labelSelector(selector).execute().getItems().stream()
          .filter(p -> p.getMetadata().getLabels().entrySet().containsAll(match.entrySet())).toList();
      int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      for (int i = want; i < pods.size(); i++) {
        core.deleteNamespacedPod(pods.get(i).getMetadata().getName(), ns).execute();
      }
      for (int i = pods.size(); i < want; i++) {
        var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        core.createNamespacedPod(ns, new V1Pod().apiVersion("v1").kind("Pod")
            .metadata(new V1ObjectMeta().name(d.getMetadata().getName() + "-" + System.nanoTime()).namespace(ns)
                .labels(d.getSpec().getTemplate().getMetadata().getLabels()))
            .spec(d.getSpec().getTemplate().getSpec())
            .status(new V1PodStatus().phase("Running")
                .containerStatuses(List.of(new V1ContainerStatus().name(container.getName()).image(container.getImage())
                    .imageID("").ready(true).restartCount(0)
                    .state(new V1ContainerState().running(new V1ContainerStateRunning()))))
                .conditions(List.of(new V1PodCondition().type("Ready").status("True"))))).execute();
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(5_000);
  }
}
