package dev.rollback.k8s.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Secret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What a revision's ConfigMaps and Secrets held when the release watcher saw it released: for each
 * object its pod template references, a SHA-256 digest of its content, or that it was missing.
 * Kept as the annotation {@value #ANNOTATION} on the revision's ReplicaSet, so that it lives
 * exactly as long as the revision does and the driver, which reads that ReplicaSet anyway, finds
 * it there. Never a value in clear: one digest over every key and value of the object together,
 * salted with the object's kind, namespace and name (so a digest says nothing across objects).
 *
 * @param recordedAt when the watcher recorded the fingerprints
 * @param entries one per referenced object, sorted by kind and name
 */
record ConfigFingerprints(Instant recordedAt, List<Entry> entries) {
  static final String ANNOTATION = Marks.PREFIX + "config-fingerprints";
  private static final String VERSION = "rollback.dev/config-digest/v1";

  ConfigFingerprints {
    entries = List.copyOf(entries);
  }

  /**
   * One referenced object at the time of the recording.
   *
   * @param ref the reference
   * @param digest the hex SHA-256 of its content, or null when it did not exist
   */
  record Entry(ConfigRef ref, @Nullable String digest) {
    /** Returns the first 12 hex digits of the digest, or "missing", for messages. */
    String shortDigest() {
      return shortOf(digest);
    }
  }

  static String shortOf(@Nullable String digest) {
    return digest == null ? "missing" : "sha256:" + digest.substring(0, 12);
  }

  /** Returns the annotation's value. */
  String toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("recordedAt", recordedAt.toString());
    JsonArray objects = new JsonArray();
    for (Entry e : entries) {
      JsonObject x = new JsonObject();
      x.addProperty("kind", e.ref().kind().label);
      x.addProperty("name", e.ref().name());
      x.addProperty("optional", e.ref().optional());
      if (e.digest() != null) {
        x.addProperty("sha256", e.digest());
      }
      objects.add(x);
    }
    o.add("objects", objects);
    return o.toString();
  }

  /** Parses the annotation's value; null when it is malformed (treated as not recorded). */
  static @Nullable ConfigFingerprints parse(@Nullable String json) {
    if (json == null) {
      return null;
    }
    try {
      JsonObject o = JsonParser.parseString(json).getAsJsonObject();
      Instant at = Instant.parse(o.get("recordedAt").getAsString());
      List<Entry> entries = new ArrayList<>();
      for (JsonElement e : o.getAsJsonArray("objects")) {
        JsonObject x = e.getAsJsonObject();
        ConfigRef.Kind kind = ConfigRef.Kind.of(x.get("kind").getAsString());
        if (kind == null) {
          return null;
        }
        JsonElement digest = x.get("sha256");
        entries.add(new Entry(new ConfigRef(kind, x.get("name").getAsString(), x.get("optional").getAsBoolean()),
            digest == null || digest.isJsonNull() ? null : digest.getAsString()));
      }
      return new ConfigFingerprints(at, entries);
    } catch (RuntimeException malformed) {
      return null;
    }
  }

  /** Returns the entry of {@code ref}'s object (by kind and name), or null. */
  @Nullable Entry entry(ConfigRef.Kind kind, String name) {
    return entries.stream().filter(e -> e.ref().kind() == kind && e.ref().name().equals(name)).findFirst()
        .orElse(null);
  }

  /** Returns the digest of a ConfigMap's content ({@code data} and {@code binaryData}), as if named {@code name}. */
  static String digest(String ns, String name, V1ConfigMap cm) {
    Map<String, byte[]> data = new TreeMap<>();
    if (cm.getData() != null) {
      cm.getData().forEach((k, v) -> data.put(k, v == null ? new byte[0] : v.getBytes(StandardCharsets.UTF_8)));
    }
    Map<String, byte[]> binary = cm.getBinaryData() == null ? Map.of() : new TreeMap<>(cm.getBinaryData());
    return digest(ConfigRef.Kind.CONFIG_MAP, ns, name, data, binary);
  }

  /** Returns the digest of a Secret's content (its type and {@code data}), as if named {@code name}. */
  static String digest(String ns, String name, V1Secret secret) {
    Map<String, byte[]> data = secret.getData() == null ? Map.of() : new TreeMap<>(secret.getData());
    String type = secret.getType() == null ? "Opaque" : secret.getType();
    return digest(ConfigRef.Kind.SECRET, ns, name, Map.of("type", type.getBytes(StandardCharsets.UTF_8)), data);
  }

  private static String digest(ConfigRef.Kind kind, String ns, String name, Map<String, byte[]> first,
      Map<String, byte[]> second) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    field(sha, VERSION.getBytes(StandardCharsets.UTF_8));
    field(sha, (kind.label + "\0" + ns + "\0" + name).getBytes(StandardCharsets.UTF_8));
    for (Map<String, byte[]> section : List.of(first, second)) {
      field(sha, ByteBuffer.allocate(4).putInt(section.size()).array());
      for (Map.Entry<String, byte[]> e : new TreeMap<>(section).entrySet()) {
        field(sha, e.getKey().getBytes(StandardCharsets.UTF_8));
        field(sha, e.getValue() == null ? new byte[0] : e.getValue());
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** Length-prefixed, so that no two different contents feed the same bytes. */
  private static void field(MessageDigest sha, byte[] bytes) {
    sha.update(ByteBuffer.allocate(8).putLong(bytes.length).array());
    sha.update(bytes);
  }
}
