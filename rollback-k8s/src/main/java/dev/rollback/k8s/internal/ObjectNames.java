package dev.rollback.k8s.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Derives valid Kubernetes object names (DNS-1123 subdomains) from arbitrary keys: a readable,
 * lower-cased and sanitised prefix, then a hash of the whole key so that two keys that sanitise
 * alike (say {@code Run_1} and {@code run-1}) never share a name.
 */
final class ObjectNames {
  private static final int MAX = 253;
  private static final int HASH_CHARS = 10;

  private ObjectNames() {}

  /** Returns {@code prefix-<readable part of key>-<hash of key>}, at most 253 characters. */
  static String derive(String prefix, String key) {
    String readable = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-")
        .replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
    int room = MAX - prefix.length() - HASH_CHARS - 2;
    if (readable.length() > room) {
      readable = readable.substring(0, room).replaceAll("[^a-z0-9]+$", "");
    }
    return prefix + "-" + (readable.isEmpty() ? "" : readable + "-") + hash(key);
  }

  private static String hash(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
