package dev.rollback.k8s.scratch;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.*;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.PatchUtils;
import java.net.InetAddress;
import java.util.*;
import org.junit.jupiter.api.Test;

class ScratchTest {
  @Test
  void explore() throws Exception {
    var responses = new HashMap<io.fabric8.mockwebserver.ServerRequest, Queue<io.fabric8.mockwebserver.ServerResponse>>();
    var server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    ApiClient client = new ClientBuilder().setBasePath("http://127.0.0.1:" + server.getPort()).build();
    AppsV1Api apps = new AppsV1Api(client);
    CoreV1Api core = new CoreV1Api(client);
    V1Deployment d = new V1Deployment().apiVersion("apps/v1").kind("Deployment")
        .metadata(new V1ObjectMeta().name("checkout").namespace("shop").labels(Map.of("app", "checkout")))
        .spec(new V1DeploymentSpec().replicas(3).selector(new V1LabelSelector().matchLabels(Map.of("app", "checkout")))
            .template(new V1PodTemplateSpec().metadata(new V1ObjectMeta().labels(Map.of("app", "checkout")))
                .spec(new V1PodSpec().containers(List.of(new V1Container().name("app").image("checkout:1"))))));
    V1Deployment created = apps.createNamespacedDeployment("shop", d).execute();
    System.out.println("CREATED rv=" + created.getMetadata().getResourceVersion() + " ts=" + created.getMetadata().getCreationTimestamp() + " uid=" + created.getMetadata().getUid() + " gen=" + created.getMetadata().getGeneration());
    String rv = created.getMetadata().getResourceVersion();
    // merge patch with current rv
    String p1 = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"resourceVersion\":\"" + rv + "\"},\"spec\":{\"replicas\":2}}";
    V1Deployment patched = PatchUtils.patch(V1Deployment.class, () -> apps.patchNamespacedDeployment("checkout", "shop", new V1Patch(p1)).buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    System.out.println("PATCH1 rv=" + patched.getMetadata().getResourceVersion() + " replicas=" + patched.getSpec().getReplicas());
    try {
      V1Deployment p2 = PatchUtils.patch(V1Deployment.class, () -> apps.patchNamespacedDeployment("checkout", "shop", new V1Patch(p1)).buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
      System.out.println("PATCH stale accepted rv=" + p2.getMetadata().getResourceVersion());
    } catch (ApiException e) { System.out.println("PATCH stale -> " + e.getCode() + " " + e.getResponseBody()); }
    String p3 = "{\"metadata\":{\"annotations\":{\"a\":\"b\"}}}";
    try {
      V1Deployment p2 = PatchUtils.patch(V1Deployment.class, () -> apps.patchNamespacedDeployment("checkout", "shop", new V1Patch(p3)).buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
      System.out.println("PATCH nokind accepted " + p2.getKind());
    } catch (ApiException e) { System.out.println("PATCH nokind -> " + e.getCode() + " " + e.getResponseBody()); }
    // status patch
    String ps = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"status\":{\"readyReplicas\":2}}";
    try {
      V1Deployment p2 = PatchUtils.patch(V1Deployment.class, () -> apps.patchNamespacedDeploymentStatus("checkout", "shop", new V1Patch(ps)).buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
      System.out.println("STATUS patch " + p2.getStatus());
    } catch (ApiException e) { System.out.println("STATUS patch -> " + e.getCode() + " " + e.getResponseBody()); }
    // PUT with stale rv
    V1Deployment stale = created; 
    try { apps.replaceNamespacedDeployment("checkout", "shop", stale).execute(); System.out.println("PUT stale accepted"); }
    catch (ApiException e) { System.out.println("PUT stale -> " + e.getCode()); }
    // list with selector
    var l = apps.listNamespacedDeployment("shop").labelSelector("app=checkout").execute();
    System.out.println("LIST sel match=" + l.getItems().size() + " kind0=" + l.getItems().get(0).getKind());
    var l2 = apps.listNamespacedDeployment("shop").labelSelector("app=other").execute();
    System.out.println("LIST sel nomatch=" + l2.getItems().size());
    try { apps.readNamespacedDeployment("nope", "shop").execute(); } catch (ApiException e) { System.out.println("404 -> " + e.getCode() + " body=[" + e.getResponseBody() + "]"); }
    // events
    var ev = new CoreV1Event().apiVersion("v1").kind("Event").metadata(new V1ObjectMeta().name("checkout.run1-alert").namespace("shop"))
        .involvedObject(new V1ObjectReference().apiVersion("apps/v1").kind("Deployment").name("checkout").namespace("shop")).reason("RollbackStarted").message("m").type("Normal");
    core.createNamespacedEvent("shop", ev).execute();
    try { core.createNamespacedEvent("shop", ev).execute(); System.out.println("EVENT dup accepted"); } catch (ApiException e) { System.out.println("EVENT dup -> " + e.getCode()); }
    // log
    try { System.out.println("LOG " + core.readNamespacedPodLog("p", "shop").tailLines(10).execute()); } catch (ApiException e) { System.out.println("LOG -> " + e.getCode() + " " + e.getResponseBody()); }
    server.expect().get().withPath("/api/v1/namespaces/shop/pods/p/log?tailLines=10").andReturn(200, "line1\nline2\n").always();
    try { System.out.println("LOG2 " + core.readNamespacedPodLog("p", "shop").tailLines(10).execute()); } catch (ApiException e) { System.out.println("LOG2 -> " + e.getCode() + " " + e.getResponseBody()); }
    // delete
    apps.deleteNamespacedDeployment("checkout", "shop").execute();
    try { apps.deleteNamespacedDeployment("checkout", "shop").execute(); } catch (ApiException e) { System.out.println("DEL again -> " + e.getCode()); }
    // watch
    try { apps.listNamespacedDeployment("shop").watch(true).execute(); System.out.println("WATCH ok?"); } catch (Exception e) { System.out.println("WATCH -> " + e); }
    System.out.println("UA=" + client.getHttpClient());
    server.shutdown();
  }
}
