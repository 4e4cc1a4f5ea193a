package dev.rollback.k8s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapEnvSource;
import io.kubernetes.client.openapi.models.V1ConfigMapKeySelector;
import io.kubernetes.client.openapi.models.V1ConfigMapProjection;
import io.kubernetes.client.openapi.models.V1ConfigMapVolumeSource;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvFromSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1LocalObjectReference;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1ProjectedVolumeSource;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretEnvSource;
import io.kubernetes.client.openapi.models.V1SecretKeySelector;
import io.kubernetes.client.openapi.models.V1SecretProjection;
import io.kubernetes.client.openapi.models.V1SecretVolumeSource;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeProjection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The references a pod template makes to ConfigMaps and Secrets, and the fingerprints recorded of them. */
class ConfigFingerprintsTest {
  static final ConfigRef.Kind CM = ConfigRef.Kind.CONFIG_MAP;
  static final ConfigRef.Kind SECRET = ConfigRef.Kind.SECRET;

  @Test
  void everyKindOfReferenceIsFoundOnceAndOptionalOnlyWhereEveryReferenceIs() {
    V1Container app = new V1Container().name("app").image("app:1")
        .env(List.of(
            new V1EnvVar().name("A").valueFrom(new V1EnvVarSource().configMapKeyRef(new V1ConfigMapKeySelector()
                .name("env-key").key("a"))),
            new V1EnvVar().name("B").valueFrom(new V1EnvVarSource().secretKeyRef(new V1SecretKeySelector()
                .name("db").key("password").optional(true))),
            new V1EnvVar().name("C").value("plain")))
        .envFrom(List.of(new V1EnvFromSource().configMapRef(new V1ConfigMapEnvSource().name("env-all")),
            new V1EnvFromSource().secretRef(new V1SecretEnvSource().name("db"))));
    V1Container init = new V1Container().name("init").image("init:1")
        .envFrom(List.of(new V1EnvFromSource().configMapRef(new V1ConfigMapEnvSource().name("init-only").optional(true))));
    V1PodTemplateSpec template = new V1PodTemplateSpec().spec(new V1PodSpec().containers(List.of(app))
        .initContainers(List.of(init))
        .imagePullSecrets(List.of(new V1LocalObjectReference().name("registry")))
        .volumes(List.of(
            new V1Volume().name("v1").configMap(new V1ConfigMapVolumeSource().name("files").optional(true)),
            new V1Volume().name("v2").secret(new V1SecretVolumeSource().secretName("tls")),
            new V1Volume().name("v3").projected(new V1ProjectedVolumeSource().sources(List.of(
                new V1VolumeProjection().configMap(new V1ConfigMapProjection().name("files")),
                new V1VolumeProjection().secret(new V1SecretProjection().name("projected-secret").optional(true))))))));

    assertEquals(List.of(
        new ConfigRef(CM, "env-all", false),
        new ConfigRef(CM, "env-key", false),
        new ConfigRef(CM, "files", false), // optional in one volume, required in the projected one
        new ConfigRef(CM, "init-only", true),
        new ConfigRef(SECRET, "db", false), // optional as a key, required by envFrom
        new ConfigRef(SECRET, "projected-secret", true),
        new ConfigRef(SECRET, "tls", false)), ConfigRef.of(template), "image pull secrets are the kubelet's, not counted");
    assertEquals(List.of(), ConfigRef.of(null));
  }

  @Test
  void aDigestChangesWithAnyKeyOrValueAndNeverCarriesTheValue() {
    V1ConfigMap a = new V1ConfigMap().data(Map.of("mode", "fast", "limit", "10"));
    String digest = ConfigFingerprints.digest("shop", "app", a);
    assertEquals(64, digest.length());
    assertEquals(digest, ConfigFingerprints.digest("shop", "app", new V1ConfigMap().data(Map.of("limit", "10", "mode", "fast"))),
        "key order does not matter");
    assertNotEquals(digest, ConfigFingerprints.digest("shop", "app", new V1ConfigMap().data(Map.of("mode", "fast", "limit", "11"))));
    assertNotEquals(digest, ConfigFingerprints.digest("shop", "app", new V1ConfigMap().data(Map.of("mode", "fast"))));
    assertNotEquals(digest, ConfigFingerprints.digest("shop", "other", a), "salted with the object's name");
    assertNotEquals(ConfigFingerprints.digest("shop", "app", new V1ConfigMap().data(Map.of("ab", "c"))),
        ConfigFingerprints.digest("shop", "app", new V1ConfigMap().data(Map.of("a", "bc"))), "keys and values are delimited");
    assertNotEquals(ConfigFingerprints.digest("shop", "app", new V1ConfigMap().data(Map.of("k", "v"))),
        ConfigFingerprints.digest("shop", "app", new V1ConfigMap().binaryData(Map.of("k", "v".getBytes(StandardCharsets.UTF_8)))));

    byte[] password = "hunter2-very-secret".getBytes(StandardCharsets.UTF_8);
    V1Secret s = new V1Secret().type("Opaque").data(Map.of("password", password));
    String secretDigest = ConfigFingerprints.digest("shop", "db", s);
    assertNotEquals(secretDigest, ConfigFingerprints.digest("shop", "db", new V1Secret().type("kubernetes.io/basic-auth")
        .data(Map.of("password", password))), "the type is part of a Secret's content");
    String json = new ConfigFingerprints(Instant.parse("2026-12-02T05:00:00Z"), List.of(
        new ConfigFingerprints.Entry(new ConfigRef(SECRET, "db", false), secretDigest))).toJson();
    assertFalse(json.contains("hunter2"), json);
    assertFalse(json.contains(Base64.getEncoder().encodeToString(password)), json);
    assertTrue(json.contains(secretDigest), json);
  }

  @Test
  void theRecordRoundTripsAndAMalformedOneCountsAsNone() {
    ConfigFingerprints f = new ConfigFingerprints(Instant.parse("2026-12-02T05:00:00Z"), List.of(
        new ConfigFingerprints.Entry(new ConfigRef(CM, "app", false), "ab".repeat(32)),
        new ConfigFingerprints.Entry(new ConfigRef(SECRET, "flags", true), null)));
    assertEquals(f, ConfigFingerprints.parse(f.toJson()));
    assertEquals("missing", f.entries().get(1).shortDigest());
    assertEquals("sha256:abababababab", f.entries().get(0).shortDigest());
    assertNull(ConfigFingerprints.parse("{\"recordedAt\":\"yesterday\",\"objects\":[]}"));
    assertNull(ConfigFingerprints.parse("[1,2]"));
    assertNull(ConfigFingerprints.parse("{\"recordedAt\":\"2026-12-02T05:00:00Z\",\"objects\":[{\"kind\":\"Pod\",\"name\":\"x\",\"optional\":false}]}"));
    assertNull(ConfigFingerprints.parse(null));
  }

  @Test
  void aSnapshotNameFitsAndNamesItsSourceAndContent() {
    String digest = "0123456789abcdef".repeat(4);
    assertEquals("app-config-rb-0123456789", ConfigSnapshots.name("app-config", digest));
    String longName = "a".repeat(253);
    assertEquals(253, ConfigSnapshots.name(longName, digest).length());
    assertTrue(ConfigSnapshots.name(longName, digest).endsWith("-rb-0123456789"));
  }
}
