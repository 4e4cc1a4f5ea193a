package dev.rollback.k8s.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.JSON;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Builds JSON merge patches (RFC 7386); every patch carries apiVersion and kind. */
final class Patches {
  private Patches() {}

  /** Returns an empty patch for an object of {@code apiVersion} and {@code kind}. */
  static JsonObject of(String apiVersion, String kind) {
    JsonObject patch = new JsonObject();
    patch.addProperty("apiVersion", apiVersion);
    patch.addProperty("kind", kind);
    return patch;
  }

  /** Returns a patch setting annotations (a null value removes the annotation). */
  static JsonObject annotations(String apiVersion, String kind, Map<String, @Nullable String> values) {
    JsonObject patch = of(apiVersion, kind);
    JsonObject annotations = new JsonObject();
    values.forEach((k, v) -> annotations.add(k, v == null ? JsonNull.INSTANCE : new com.google.gson.JsonPrimitive(v)));
    child(patch, "metadata").add("annotations", annotations);
    return patch;
  }

  /** Returns {@code parent.name}, creating an empty object there when absent. */
  static JsonObject child(JsonObject parent, String name) {
    JsonElement e = parent.get(name);
    if (e != null && e.isJsonObject()) {
      return e.getAsJsonObject();
    }
    JsonObject o = new JsonObject();
    parent.add(name, o);
    return o;
  }

  /** Adds {@code metadata.resourceVersion} of {@code current}, making the patch conditional. */
  static void withResourceVersion(JsonObject patch, KubernetesObject current) {
    String rv = current.getMetadata() == null ? null : current.getMetadata().getResourceVersion();
    if (rv != null) {
      child(patch, "metadata").addProperty("resourceVersion", rv);
    }
  }

  /** Returns the JSON tree of a model object as the client serialises it. */
  static JsonElement tree(Object model) {
    return JSON.getGson().toJsonTree(model);
  }

  /**
   * Returns the merge patch that turns {@code from} into {@code to}, or null when they are equal:
   * changed members are replaced, removed members set to null, arrays replaced whole.
   */
  static @Nullable JsonElement diff(@Nullable JsonElement from, JsonElement to) {
    if (from != null && from.equals(to)) {
      return null;
    }
    if (from == null || !from.isJsonObject() || !to.isJsonObject()) {
      return to;
    }
    JsonObject a = from.getAsJsonObject();
    JsonObject b = to.getAsJsonObject();
    JsonObject patch = new JsonObject();
    for (Map.Entry<String, JsonElement> e : b.entrySet()) {
      JsonElement d = diff(a.get(e.getKey()), e.getValue());
      if (d != null) {
        patch.add(e.getKey(), d);
      }
    }
    for (String key : a.keySet()) {
      if (!b.has(key)) {
        patch.add(key, JsonNull.INSTANCE);
      }
    }
    return patch.size() == 0 ? null : patch;
  }
}
