package dev.rollback.k8s.internal;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.rollback.k8s.ClusterStateException;
import dev.rollback.k8s.RunTooLargeException;
import dev.rollback.spi.RunId;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * How the run store keeps an engine document in a ConfigMap, whose data the API server limits to
 * {@value #LIMIT} bytes (data and binaryData together). A document of up to {@value #PLAIN_MAX}
 * bytes is kept as it is in the data key {@value #PLAIN}, readable with kubectl; a larger one is
 * gzip-compressed into the binaryData key {@value #COMPRESSED} (the engine's JSON, a journal of
 * similar entries, shrinks about tenfold). The document is never cut: a journal that is shortened
 * would lose the steps a postmortem reports and a resumed run needs. A document whose compressed
 * form still exceeds the limit is refused with {@link RunTooLargeException} before any request.
 */
final class StoredDocument {
  static final String PLAIN = "run.json";
  static final String COMPRESSED = "run.json.gz";
  /** The API server's limit on a ConfigMap's data (its {@code MaxSecretSize}, which ConfigMaps share). */
  static final int LIMIT = 1024 * 1024;
  /** The largest document kept uncompressed. */
  static final int PLAIN_MAX = 512 * 1024;
  /** The stored size above which each save logs a warning that the limit is near. */
  static final int WARN_ABOVE = LIMIT / 4 * 3;

  private final @Nullable String plain;
  private final byte @Nullable [] compressed;

  private StoredDocument(@Nullable String plain, byte @Nullable [] compressed) {
    this.plain = plain;
    this.compressed = compressed;
  }

  /**
   * Returns how {@code document} of {@code runId} is stored.
   *
   * @throws RunTooLargeException if even compressed it exceeds {@link #LIMIT}
   */
  static StoredDocument of(RunId runId, String document) {
    byte[] utf8 = document.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= PLAIN_MAX) {
      return new StoredDocument(document, null);
    }
    byte[] gzip = gzip(utf8);
    if (gzip.length > LIMIT) {
      throw new RunTooLargeException(runId, utf8.length, gzip.length, LIMIT);
    }
    return new StoredDocument(null, gzip);
  }

  /** Returns the bytes this form takes of the ConfigMap's limit. */
  int size() {
    return compressed != null ? compressed.length : plain == null ? 0 : plain.getBytes(StandardCharsets.UTF_8).length;
  }

  boolean isCompressed() {
    return compressed != null;
  }

  /** Puts the document into a new ConfigMap. */
  V1ConfigMap into(V1ConfigMap configMap) {
    return compressed != null ? configMap.binaryData(Map.of(COMPRESSED, compressed)) : configMap.data(Map.of(PLAIN,
        plain == null ? "" : plain));
  }

  /** Writes the document into a JSON merge patch, removing the other form. */
  void into(JsonObject patch) {
    JsonObject data = Patches.child(patch, "data");
    JsonObject binaryData = Patches.child(patch, "binaryData");
    if (compressed != null) {
      data.add(PLAIN, JsonNull.INSTANCE);
      binaryData.addProperty(COMPRESSED, Base64.getEncoder().encodeToString(compressed));
    } else {
      data.addProperty(PLAIN, plain);
      binaryData.add(COMPRESSED, JsonNull.INSTANCE);
    }
  }

  /** Returns the document a ConfigMap keeps, in either form, or null when it keeps none. */
  static @Nullable String read(V1ConfigMap configMap) {
    Map<String, String> data = configMap.getData();
    if (data != null && data.get(PLAIN) != null) {
      return data.get(PLAIN);
    }
    Map<String, byte[]> binaryData = configMap.getBinaryData();
    byte[] gzip = binaryData == null ? null : binaryData.get(COMPRESSED);
    return gzip == null ? null : gunzip(gzip);
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 8 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("compressing a run document in memory failed", e);
    }
    return out.toByteArray();
  }

  private static String gunzip(byte[] gzip) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ClusterStateException("the binaryData key " + COMPRESSED + " is not a gzip-compressed document: "
          + e.getMessage(), e);
    }
  }
}
