package dev.rollback.k8s;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Puts in front of the CRUD mock what it lacks for the benchmarks: API discovery for kubectl, and
 * HTTP watches (the CRUD mock refuses them with 400) scripted as a real server would answer them
 * when pods take a while to start. A watch of pods (from the adapters, when enabled) or of a
 * Deployment (from kubectl) is answered with the objects as they will be once ready, delivered at
 * the instant set by {@link #readyAt} (at once to a watch opened after it), once per resource; a
 * later watch idles, as a real watch with nothing to report does, and kubectl's reads of Deployments from then on carry the status the
 * Deployment controller would have written (the simulator writes none). Everything else goes to
 * the mock, with the list kinds and Content-Type that client-go's typed clients need. Thread-safe.
 */
final class ScriptedApi extends Dispatcher {
  // Short, so that a client that stops without closing its watch (kubectl) is not held up.
  private static final Duration IDLE = Duration.ofSeconds(2);
  private static final String KUBECTL = "kubectl";
  private static final Map<String, String> DISCOVERY = Map.of(
      "/api", "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
          + "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1\"}]}",
      "/apis", "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[{\"name\":\"apps\",\"versions\":"
          + "[{\"groupVersion\":\"apps/v1\",\"version\":\"v1\"}],\"preferredVersion\":{\"groupVersion\":\"apps/v1\",\"version\":\"v1\"}}]}",
      "/api/v1", resources("v1", "pods:pod:Pod", "services:service:Service"),
      "/apis/apps/v1", resources("apps/v1", "deployments:deployment:Deployment", "replicasets:replicaset:ReplicaSet"));

  private static final Map<String, String[]> LIST_KINDS = Map.of(
      "deployments", new String[] {"apps/v1", "DeploymentList"},
      "replicasets", new String[] {"apps/v1", "ReplicaSetList"},
      "pods", new String[] {"v1", "PodList"});

  private final Dispatcher delegate;
  private final String adapterAgent;
  private volatile boolean podWatches;
  private volatile long readyAtNanos;
  private volatile boolean readyAtSet;
  private final java.util.Set<String> delivered = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * @param adapterAgent the User-Agent prefix of the adapters' client, whose pod watches are
   *     scripted once {@link #scriptPodWatches()} is called
   */
  ScriptedApi(Dispatcher delegate, String adapterAgent) {
    this.delegate = delegate;
    this.adapterAgent = adapterAgent;
  }

  /** Answers the adapters' pod watches instead of letting the mock refuse them. */
  ScriptedApi scriptPodWatches() {
    podWatches = true;
    return this;
  }

  /** Sets when the scripted objects become ready ({@link System#nanoTime()} scale). */
  void readyAt(long nanoTime) {
    readyAtNanos = nanoTime;
    readyAtSet = true;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String ua = request.getHeader("User-Agent") == null ? "" : request.getHeader("User-Agent");
    String path = request.getPath();
    int q = path.indexOf('?');
    String resource = q < 0 ? path : path.substring(0, q);
    String query = q < 0 ? "" : path.substring(q + 1);
    if (ua.startsWith(KUBECTL) && DISCOVERY.containsKey(resource)) {
      return json(200, DISCOVERY.get(resource));
    }
    boolean watch = "GET".equals(request.getMethod()) && query.contains("watch=true");
    if (watch && podWatches && ua.startsWith(adapterAgent) && resource.endsWith("/pods")) {
      return scriptedWatch(request, resource, query, ScriptedApi::readyPod);
    }
    if (watch && ua.startsWith(KUBECTL) && resource.endsWith("/deployments")) {
      return scriptedWatch(request, resource, query, ScriptedApi::rolledOut);
    }
    MockResponse answer = delegate.dispatch(request);
    if (ua.startsWith(KUBECTL)) {
      if (readyAtSet && System.nanoTime() - readyAtNanos >= 0 && answer.code() == 200 && answer.getBody() != null
          && resource.contains("/deployments")) {
        // Once the pods are ready, the Deployment controller has written the status kubectl reads.
        JsonObject body = JsonParser.parseString(new String(answer.getBody().getBytes(), StandardCharsets.UTF_8))
            .getAsJsonObject();
        if (body.has("items")) {
          body.getAsJsonArray("items").forEach(item -> rolledOut(item.getAsJsonObject()));
        } else if (body.has("spec")) {
          rolledOut(body);
        }
        answer.setBody(body.toString());
      }
      if (answer.getHeaders().get("Content-Type") == null) {
        // Without it client-go takes the body for protobuf, the first type its typed clients accept.
        answer.setHeader("Content-Type", "application/json");
      }
      String[] listKind = LIST_KINDS.get(resource.substring(resource.lastIndexOf('/') + 1));
      if (listKind != null && answer.getBody() != null && answer.code() == 200) {
        // The mock calls every collection a v1 List; client-go's typed clients then see no items.
        JsonElement body = JsonParser.parseString(new String(answer.getBody().getBytes(), StandardCharsets.UTF_8));
        if (body.isJsonObject() && "List".equals(body.getAsJsonObject().get("kind").getAsString())) {
          body.getAsJsonObject().addProperty("apiVersion", listKind[0]);
          body.getAsJsonObject().addProperty("kind", listKind[1]);
          answer.setBody(body.toString());
        }
      }
    }
    return answer;
  }

  private interface Finish {
    void apply(JsonObject object);
  }

  private MockResponse scriptedWatch(RecordedRequest request, String resource, String query, Finish finish) {
    long wait = readyAtNanos - System.nanoTime();
    if (!readyAtSet || delivered.contains(resource)) {
      return json(200, bookmark(resource)).setBodyDelay(IDLE); // nothing left to report: a watch idles
    }
    StringBuilder events = new StringBuilder();
    for (JsonObject item : list(request, resource, query)) {
      finish.apply(item);
      events.append("{\"type\":\"MODIFIED\",\"object\":").append(item).append("}\n");
    }
    if (events.length() == 0) {
      // The mock sends an empty body at once, whatever the delay: a bookmark keeps the watch open.
      return delayed(json(200, bookmark(resource)), wait);
    }
    // Sent once per resource, as a real watch reports a change once: at the change, or at once to
    // a watch opened after it from an older list (its resourceVersion predates the change).
    delivered.add(resource);
    return delayed(json(200, events.toString()), wait);
  }

  /** Delays the body by {@code nanos}; Vert.x refuses timers under 1 ms, so those are sent at once. */
  private static MockResponse delayed(MockResponse response, long nanos) {
    return nanos < 1_000_000 ? response : response.setBodyDelay(Duration.ofNanos(nanos));
  }

  private static String bookmark(String resource) {
    boolean pods = resource.endsWith("/pods");
    return "{\"type\":\"BOOKMARK\",\"object\":{\"apiVersion\":\"" + (pods ? "v1" : "apps/v1") + "\",\"kind\":\""
        + (pods ? "Pod" : "Deployment") + "\",\"metadata\":{\"resourceVersion\":\"0\"}}}\n";
  }

  /** Lists through the mock what the watch selects (label or field selector on metadata.name). */
  private List<JsonObject> list(RecordedRequest request, String resource, String query) {
    String selector = "";
    String name = null;
    for (String param : query.split("&")) {
      String value = URLDecoder.decode(param.substring(param.indexOf('=') + 1), StandardCharsets.UTF_8);
      if (param.startsWith("labelSelector=")) {
        selector = "?labelSelector=" + param.substring("labelSelector=".length());
      } else if (param.startsWith("fieldSelector=") && value.startsWith("metadata.name=")) {
        name = value.substring("metadata.name=".length());
      }
    }
    MockResponse answer = delegate.dispatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.GET,
        resource + selector, Headers.builder().build(), new Buffer()));
    List<JsonObject> items = new ArrayList<>();
    JsonElement body = JsonParser.parseString(answer.getBody() == null ? "{}" : new String(answer.getBody().getBytes(),
        StandardCharsets.UTF_8));
    if (body.isJsonObject() && body.getAsJsonObject().has("items")) {
      for (JsonElement e : body.getAsJsonObject().getAsJsonArray("items")) {
        JsonObject o = e.getAsJsonObject();
        if (name == null || name.equals(o.getAsJsonObject("metadata").get("name").getAsString())) {
          items.add(o);
        }
      }
    }
    return items;
  }

  private static void readyPod(JsonObject pod) {
    JsonObject status = pod.has("status") ? pod.getAsJsonObject("status") : new JsonObject();
    JsonArray conditions = new JsonArray();
    JsonObject ready = new JsonObject();
    ready.addProperty("type", "Ready");
    ready.addProperty("status", "True");
    conditions.add(ready);
    status.add("conditions", conditions);
    if (status.has("containerStatuses")) {
      status.getAsJsonArray("containerStatuses").forEach(c -> c.getAsJsonObject().addProperty("ready", true));
    }
    pod.add("status", status);
  }

  /** Gives a Deployment the status `kubectl rollout status` reads as "successfully rolled out". */
  private static void rolledOut(JsonObject deployment) {
    JsonObject meta = deployment.getAsJsonObject("metadata");
    long generation = meta.has("generation") ? meta.get("generation").getAsLong() : 0;
    int replicas = deployment.getAsJsonObject("spec").has("replicas")
        ? deployment.getAsJsonObject("spec").get("replicas").getAsInt() : 1;
    JsonObject status = new JsonObject();
    status.addProperty("observedGeneration", generation);
    for (String field : List.of("replicas", "updatedReplicas", "readyReplicas", "availableReplicas")) {
      status.addProperty(field, replicas);
    }
    deployment.add("status", status);
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
  }

  private static String resources(String groupVersion, String... specs) {
    StringBuilder sb = new StringBuilder("{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"")
        .append(groupVersion).append("\",\"resources\":[");
    for (int i = 0; i < specs.length; i++) {
      String[] s = specs[i].split(":");
      sb.append(i == 0 ? "" : ",").append("{\"name\":\"").append(s[0]).append("\",\"singularName\":\"").append(s[1])
          .append("\",\"namespaced\":true,\"kind\":\"").append(s[2])
          .append("\",\"verbs\":[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]}");
    }
    return sb.append("]}").toString();
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  @Override
  public void releaseResources() {
    delegate.releaseResources();
  }
}
