package dev.rollback.k8s.internal;

import io.kubernetes.client.openapi.models.V1ConfigMapEnvSource;
import io.kubernetes.client.openapi.models.V1ConfigMapKeySelector;
import io.kubernetes.client.openapi.models.V1ConfigMapProjection;
import io.kubernetes.client.openapi.models.V1ConfigMapVolumeSource;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvFromSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1SecretEnvSource;
import io.kubernetes.client.openapi.models.V1SecretKeySelector;
import io.kubernetes.client.openapi.models.V1SecretProjection;
import io.kubernetes.client.openapi.models.V1SecretVolumeSource;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeProjection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A ConfigMap or Secret a pod template references by name, in the pod's namespace: from a
 * container's (or init container's) {@code env[].valueFrom} or {@code envFrom}, or from a volume
 * ({@code configMap}, {@code secret}, or a source of a {@code projected} volume). Image pull
 * secrets are not counted: the kubelet reads them, not the application.
 *
 * @param kind ConfigMap or Secret
 * @param name the object's name
 * @param optional whether every reference to it is {@code optional: true} (the pods start without it)
 */
record ConfigRef(Kind kind, String name, boolean optional) {

  /** The two kinds of configuration objects pods read. */
  enum Kind {
    CONFIG_MAP("ConfigMap"), SECRET("Secret");

    final String label;

    Kind(String label) {
      this.label = label;
    }

    /** Returns the kind named {@code label} ("ConfigMap" or "Secret"), or null. */
    static @Nullable Kind of(String label) {
      for (Kind k : values()) {
        if (k.label.equals(label)) {
          return k;
        }
      }
      return null;
    }
  }

  /** Returns "ConfigMap NAME" or "Secret NAME", for messages. */
  String describe() {
    return kind.label + " " + name;
  }

  /**
   * Returns the ConfigMaps and Secrets {@code template} references, each once, sorted by kind and
   * name; optional only where every reference to it is.
   */
  static List<ConfigRef> of(@Nullable V1PodTemplateSpec template) {
    V1PodSpec spec = template == null ? null : template.getSpec();
    Map<String, ConfigRef> found = new TreeMap<>();
    if (spec == null) {
      return List.of();
    }
    List<V1Container> containers = new ArrayList<>(spec.getContainers());
    if (spec.getInitContainers() != null) {
      containers.addAll(spec.getInitContainers());
    }
    for (V1Container c : containers) {
      for (V1EnvVar env : c.getEnv() == null ? List.<V1EnvVar>of() : c.getEnv()) {
        if (env.getValueFrom() != null) {
          V1ConfigMapKeySelector cm = env.getValueFrom().getConfigMapKeyRef();
          if (cm != null) {
            add(found, Kind.CONFIG_MAP, cm.getName(), cm.getOptional());
          }
          V1SecretKeySelector secret = env.getValueFrom().getSecretKeyRef();
          if (secret != null) {
            add(found, Kind.SECRET, secret.getName(), secret.getOptional());
          }
        }
      }
      for (V1EnvFromSource from : c.getEnvFrom() == null ? List.<V1EnvFromSource>of() : c.getEnvFrom()) {
        V1ConfigMapEnvSource cm = from.getConfigMapRef();
        if (cm != null) {
          add(found, Kind.CONFIG_MAP, cm.getName(), cm.getOptional());
        }
        V1SecretEnvSource secret = from.getSecretRef();
        if (secret != null) {
          add(found, Kind.SECRET, secret.getName(), secret.getOptional());
        }
      }
    }
    for (V1Volume v : spec.getVolumes() == null ? List.<V1Volume>of() : spec.getVolumes()) {
      V1ConfigMapVolumeSource cm = v.getConfigMap();
      if (cm != null) {
        add(found, Kind.CONFIG_MAP, cm.getName(), cm.getOptional());
      }
      V1SecretVolumeSource secret = v.getSecret();
      if (secret != null) {
        add(found, Kind.SECRET, secret.getSecretName(), secret.getOptional());
      }
      if (v.getProjected() != null && v.getProjected().getSources() != null) {
        for (V1VolumeProjection p : v.getProjected().getSources()) {
          V1ConfigMapProjection pcm = p.getConfigMap();
          if (pcm != null) {
            add(found, Kind.CONFIG_MAP, pcm.getName(), pcm.getOptional());
          }
          V1SecretProjection ps = p.getSecret();
          if (ps != null) {
            add(found, Kind.SECRET, ps.getName(), ps.getOptional());
          }
        }
      }
    }
    return List.copyOf(found.values());
  }

  private static void add(Map<String, ConfigRef> found, Kind kind, @Nullable String name, @Nullable Boolean optional) {
    if (name == null || name.isEmpty()) {
      return;
    }
    boolean opt = Boolean.TRUE.equals(optional);
    found.merge(kind.ordinal() + "/" + name, new ConfigRef(kind, name, opt),
        (a, b) -> new ConfigRef(kind, name, a.optional() && b.optional()));
  }
}
