package dev.rollback.k8s.internal;

import com.google.gson.JsonObject;
import dev.rollback.k8s.ClusterStateException;
import dev.rollback.k8s.MonitorStateTooLargeException;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.MonitorState;
import dev.rollback.spi.MonitorStateConflictException;
import dev.rollback.spi.MonitorStateStore;
import dev.rollback.spi.StoredMonitorState;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.openapi.models.V1ListMeta;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MonitorStateStore} keeping each deployment's monitor state in a ConfigMap of its own in
 * one namespace: the state as JSON in the data key {@value MonitorStateJson#KEY}, readable with
 * kubectl, the labels {@value #STORE} and {@value #WATCHED} so that {@link #watched()} is one paged
 * list by equality label selector, and the deployment in annotations. The revision is the
 * ConfigMap's resourceVersion: the first save creates the ConfigMap (an existing one is a conflict
 * unless it holds the same state), later saves are JSON merge patches carrying the expected
 * resourceVersion (a stale one is answered 409: a conflict unless the ConfigMap holds the same
 * state, as when a save's answer was lost and it is retried).
 *
 * <p>One ConfigMap per deployment keeps each object small: a state is a few hundred bytes, far
 * from the 1 MiB an object may hold, and writes of different deployments never conflict. Only a
 * version id of nearly a mebibyte could come near the limit: a state above three quarters of it is
 * logged at WARN, one above it refused before any request with {@link
 * MonitorStateTooLargeException}. The ConfigMaps are not owner-referenced (a state outlives a
 * Deployment's deletion for the ping-pong window); a state that watches nothing is a few hundred
 * bytes per deployment ever monitored.
 *
 * <p>Thread-safe; every call blocks on the API.
 */
public final class ConfigMapMonitorStateStore implements MonitorStateStore {
  static final String STORE = "rollback.dev/monitor-state";
  static final String WATCHED = "rollback.dev/monitor-watched";
  static final String CLUSTER = "rollback.dev/deployment-cluster";
  static final String NAMESPACE = "rollback.dev/deployment-namespace";
  static final String NAME = "rollback.dev/deployment-name";
  /** The API server's limit on a ConfigMap's data. */
  static final int LIMIT = 1024 * 1024;
  static final int WARN_ABOVE = LIMIT / 4 * 3;
  private static final int PAGE = 500;
  private static final Logger LOG = LoggerFactory.getLogger(ConfigMapMonitorStateStore.class);

  private final DurabilityObjects objects;
  private final String namespace;

  ConfigMapMonitorStateStore(DurabilityObjects objects, String namespace) {
    this.objects = objects;
    this.namespace = namespace;
  }

  /** Returns the name of the ConfigMap that keeps the monitor state of {@code deployment}. */
  public static String configMapName(DeploymentRef deployment) {
    return ObjectNames.derive("rollback-monitor", deployment.namespace() + "." + deployment.name() + "@"
        + deployment.cluster());
  }

  @Override
  public String save(MonitorState state, @Nullable String expectedRevision) throws InterruptedException {
    Objects.requireNonNull(state, "state");
    DeploymentRef d = state.deployment();
    String name = configMapName(d);
    String json = MonitorStateJson.write(state);
    int bytes = json.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > LIMIT) {
      throw new MonitorStateTooLargeException(d, bytes, LIMIT);
    }
    if (bytes > WARN_ABOVE) {
      LOG.warn("the monitor state of {} takes {} bytes in ConfigMap {}/{}, near the {} a ConfigMap may hold", d, bytes,
          namespace, name, LIMIT);
    }
    String watched = Boolean.toString(state.watched() != null);
    try {
      if (expectedRevision == null) {
        return revision(objects.createConfigMap(namespace, new V1ConfigMap()
            .metadata(new V1ObjectMeta().name(name).namespace(namespace)
                .labels(Map.of("app.kubernetes.io/managed-by", "rollback", STORE, "true", WATCHED, watched))
                .annotations(Map.of(CLUSTER, d.cluster(), NAMESPACE, d.namespace(), NAME, d.name())))
            .data(Map.of(MonitorStateJson.KEY, json))));
      }
      JsonObject patch = Patches.of("v1", "ConfigMap");
      JsonObject metadata = Patches.child(patch, "metadata");
      metadata.addProperty("resourceVersion", expectedRevision);
      Patches.child(metadata, "labels").addProperty(WATCHED, watched);
      Patches.child(patch, "data").addProperty(MonitorStateJson.KEY, json);
      V1ConfigMap written = objects.patchConfigMap(namespace, name, patch);
      if (written == null) {
        throw new MonitorStateConflictException(d, "ConfigMap " + namespace + "/" + name
            + " no longer exists, so revision " + expectedRevision + " is gone");
      }
      return revision(written);
    } catch (KubeApi.ConflictException conflict) {
      Optional<StoredMonitorState> current = load(d);
      if (current.isPresent() && current.get().state().equals(state)) {
        return current.get().revision(); // saved already: a retry whose answer was lost, or another replica agreed
      }
      throw new MonitorStateConflictException(d, "ConfigMap " + namespace + "/" + name + (expectedRevision == null
          ? " exists already" : " is no longer at resourceVersion " + expectedRevision));
    }
  }

  @Override
  public Optional<StoredMonitorState> load(DeploymentRef deployment) throws InterruptedException {
    V1ConfigMap configMap = objects.configMap(namespace, configMapName(Objects.requireNonNull(deployment, "deployment")));
    if (configMap == null) {
      return Optional.empty();
    }
    StoredMonitorState stored = read(configMap);
    if (!stored.state().deployment().equals(deployment)) {
      throw new ClusterStateException("ConfigMap " + namespace + "/" + configMapName(deployment)
          + " keeps the monitor state of " + stored.state().deployment() + ", not " + deployment);
    }
    return Optional.of(stored);
  }

  @Override
  public List<StoredMonitorState> watched() throws InterruptedException {
    List<StoredMonitorState> out = new ArrayList<>();
    String next = null;
    do {
      V1ConfigMapList page = objects.configMapPage(namespace, STORE + "=true," + WATCHED + "=true", PAGE, next);
      for (V1ConfigMap configMap : page.getItems()) {
        try {
          StoredMonitorState stored = read(configMap);
          if (stored.state().watched() != null) { // a server that ignored the selector must not add any
            out.add(stored);
          }
        } catch (RuntimeException unreadable) {
          LOG.warn("skipping ConfigMap {}/{}: it is not a readable monitor state: {}", namespace,
              configMap.getMetadata() == null ? "?" : configMap.getMetadata().getName(), unreadable.getMessage());
        }
      }
      V1ListMeta meta = page.getMetadata();
      next = meta == null || meta.getContinue() == null || meta.getContinue().isEmpty() ? null : meta.getContinue();
    } while (next != null);
    return out;
  }

  private StoredMonitorState read(V1ConfigMap configMap) {
    V1ObjectMeta meta = configMap.getMetadata();
    String what = "ConfigMap " + namespace + "/" + (meta == null ? "?" : meta.getName());
    Map<String, String> data = configMap.getData();
    String json = data == null ? null : data.get(MonitorStateJson.KEY);
    if (json == null) {
      throw new ClusterStateException(what + " lacks the data key " + MonitorStateJson.KEY);
    }
    return new StoredMonitorState(MonitorStateJson.read(json, what), revision(configMap));
  }

  private static String revision(V1ConfigMap configMap) {
    V1ObjectMeta meta = configMap.getMetadata();
    String rv = meta == null ? null : meta.getResourceVersion();
    if (rv == null || rv.isBlank()) {
      throw new ClusterStateException("the API answered a ConfigMap without a resourceVersion");
    }
    return rv;
  }
}
