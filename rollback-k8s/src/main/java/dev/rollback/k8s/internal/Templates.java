package dev.rollback.k8s.internal;

import dev.rollback.k8s.ClusterStateException;
import dev.rollback.spi.ContainerImage;
import dev.rollback.spi.ImageReference;
import dev.rollback.spi.Version;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Reads versions, labels and annotations off Kubernetes objects. */
final class Templates {
  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String POD_TEMPLATE_HASH = "pod-template-hash";

  private Templates() {}

  /** Returns the version a pod template runs, with id {@code id}. */
  static Version version(String id, @Nullable V1PodTemplateSpec template, String where) {
    List<ContainerImage> images = new ArrayList<>();
    if (template != null && template.getSpec() != null) {
      for (V1Container c : template.getSpec().getContainers()) {
        String image = c.getImage();
        if (image == null || !ImageReference.isValid(image)) {
          throw new ClusterStateException(
              where + ": container '" + c.getName() + "' has no valid image reference: " + image);
        }
        images.add(ContainerImage.of(c.getName(), image));
      }
    }
    if (images.isEmpty()) {
      throw new ClusterStateException(where + " has a pod template without containers");
    }
    return new Version(id, images);
  }

  /** Returns whether the template runs exactly the images of {@code version}. */
  static boolean runs(@Nullable V1PodTemplateSpec template, Version version) {
    try {
      return version(version.id(), template, "template").images().equals(version.images());
    } catch (RuntimeException malformed) {
      return false;
    }
  }

  static Map<String, String> labels(@Nullable V1ObjectMeta meta) {
    return meta == null || meta.getLabels() == null ? Map.of() : meta.getLabels();
  }

  static Map<String, String> annotations(KubernetesObject o) {
    V1ObjectMeta meta = o.getMetadata();
    return meta == null || meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
  }

  static @Nullable String annotation(KubernetesObject o, String key) {
    return annotations(o).get(key);
  }

  static String namespace(KubernetesObject o) {
    V1ObjectMeta meta = o.getMetadata();
    String ns = meta == null ? null : meta.getNamespace();
    return ns == null ? "" : ns;
  }

  static String name(KubernetesObject o) {
    V1ObjectMeta meta = o.getMetadata();
    String name = meta == null ? null : meta.getName();
    return name == null ? "" : name;
  }

  /** Returns the {@code pod-template-hash} of a ReplicaSet (its pod template's label), or null. */
  static @Nullable String hash(V1ReplicaSet rs) {
    String hash = rs.getSpec() == null || rs.getSpec().getTemplate() == null ? null
        : labels(rs.getSpec().getTemplate().getMetadata()).get(POD_TEMPLATE_HASH);
    return hash != null ? hash : labels(rs.getMetadata()).get(POD_TEMPLATE_HASH);
  }

  /** Returns the integer revision annotation, or 0 when absent or malformed. */
  static long revision(KubernetesObject o) {
    String value = annotation(o, REVISION);
    if (value == null) {
      return 0;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Renders equality-based label requirements as a selector string, keys sorted. */
  static String selector(Map<String, String> labels) {
    return new TreeMap<>(labels).entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  /**
   * Returns the match labels of a selector; set-based expressions are not supported because the
   * adapters filter pods by equality only.
   */
  static Map<String, String> matchLabels(@Nullable V1LabelSelector selector, String where) {
    if (selector == null || selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty()) {
      throw new ClusterStateException(where + " has no matchLabels selector");
    }
    return selector.getMatchLabels();
  }
}
