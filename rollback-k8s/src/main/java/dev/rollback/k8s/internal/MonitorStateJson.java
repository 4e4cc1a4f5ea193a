package dev.rollback.k8s.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.rollback.k8s.ClusterStateException;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.MonitorState;
import dev.rollback.spi.RollbackTarget;
import dev.rollback.spi.WatchedRelease;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The JSON form of a {@link MonitorState} in a ConfigMap's data key {@value #KEY}: times as ISO-8601
 * instants (nanoseconds kept), absent values as JSON nulls, and a {@code schemaVersion} so that a
 * later library can read it. Readable with {@code kubectl get configmap -o yaml}.
 */
final class MonitorStateJson {
  static final String KEY = "state.json";
  private static final int SCHEMA = 1;

  private MonitorStateJson() {}

  static String write(MonitorState state) {
    JsonObject o = new JsonObject();
    o.addProperty("schemaVersion", SCHEMA);
    JsonObject d = new JsonObject();
    d.addProperty("cluster", state.deployment().cluster());
    d.addProperty("namespace", state.deployment().namespace());
    d.addProperty("name", state.deployment().name());
    o.add("deployment", d);
    WatchedRelease w = state.watched();
    if (w == null) {
      o.add("watched", JsonNull.INSTANCE);
    } else {
      JsonObject r = new JsonObject();
      r.addProperty("versionId", w.versionId());
      r.addProperty("deployedAt", w.deployedAt().toString());
      r.addProperty("watchedSince", w.watchedSince().toString());
      r.addProperty("judgedUntil", w.judgedUntil().toString());
      r.addProperty("paged", w.paged());
      o.add("watched", r);
    }
    Instant lastRun = state.lastRunStartedAt();
    o.addProperty("lastRunStartedAt", lastRun == null ? null : lastRun.toString());
    RollbackTarget t = state.rollbackTarget();
    if (t == null) {
      o.add("rollbackTarget", JsonNull.INSTANCE);
    } else {
      JsonObject target = new JsonObject();
      target.addProperty("versionId", t.versionId());
      target.addProperty("at", t.at().toString());
      o.add("rollbackTarget", target);
    }
    return o.toString();
  }

  /**
   * Reads a state written by {@link #write}.
   *
   * @throws ClusterStateException naming {@code what} if it is not such a state
   */
  static MonitorState read(String json, String what) {
    try {
      JsonObject o = JsonParser.parseString(json).getAsJsonObject();
      int schema = o.get("schemaVersion").getAsInt();
      if (schema != SCHEMA) {
        throw new ClusterStateException(what + " holds a monitor state of schemaVersion " + schema + "; this library"
            + " reads " + SCHEMA);
      }
      JsonObject d = o.getAsJsonObject("deployment");
      DeploymentRef deployment = DeploymentRef.of(d.get("cluster").getAsString(), d.get("namespace").getAsString(),
          d.get("name").getAsString());
      JsonObject r = object(o, "watched");
      WatchedRelease watched = r == null ? null : new WatchedRelease(string(r, "versionId"),
          Instant.parse(r.get("deployedAt").getAsString()), Instant.parse(r.get("watchedSince").getAsString()),
          Instant.parse(r.get("judgedUntil").getAsString()), r.get("paged").getAsBoolean());
      String lastRun = string(o, "lastRunStartedAt");
      JsonObject t = object(o, "rollbackTarget");
      RollbackTarget target = t == null ? null : new RollbackTarget(t.get("versionId").getAsString(),
          Instant.parse(t.get("at").getAsString()));
      return new MonitorState(deployment, watched, lastRun == null ? null : Instant.parse(lastRun), target);
    } catch (ClusterStateException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ClusterStateException(what + " does not hold a readable monitor state in its data key " + KEY + ": "
          + e.getMessage(), e);
    }
  }

  private static @Nullable JsonObject object(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull() ? null : e.getAsJsonObject();
  }

  private static @Nullable String string(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull() ? null : e.getAsString();
  }
}
