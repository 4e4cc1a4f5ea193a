package dev.rollback.k8s.internal;

import dev.rollback.k8s.KubernetesAdapterConfig;
import dev.rollback.k8s.KubernetesAdapterException;
import dev.rollback.k8s.Release;
import dev.rollback.k8s.ReleaseListener;
import dev.rollback.spi.helpers.Causes;
import dev.rollback.spi.helpers.Sleeper;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The release watcher's half of configuration travelling with the version: when a revision is
 * released (or restored), records the fingerprints of the ConfigMaps and Secrets its pod template
 * references on its ReplicaSet ({@link ConfigFingerprints#ANNOTATION}), once per revision, and,
 * where the user opted in, keeps snapshots of their content ({@link ConfigSnapshots}). Needs, in
 * the Role {@code rollback-release-watcher}, get on configmaps and secrets and patch on
 * replicasets; for snapshots, the Role {@code rollback-config-snapshots}. Thread-safe.
 */
public final class ConfigRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigRecorder.class);

  private final ClusterObjects k;
  private final ConfigObjects objects;
  private final ConfigSnapshots snapshots;
  private final boolean keepSnapshots;
  private final Clock clock;

  /** Creates the recorder over {@code client}; with {@code keepSnapshots} it also keeps the content. */
  public ConfigRecorder(ApiClient client, KubernetesAdapterConfig config, Sleeper sleeper, boolean keepSnapshots,
      Clock clock) {
    // Every read afresh, as the watcher reads: a copy a second old may name the revision before.
    KubeApi api = new KubeApi(client, KubernetesAdapterConfig.builder(config).readReuse(Duration.ZERO).build(), sleeper);
    this.k = new ClusterObjects(api);
    this.objects = new ConfigObjects(api);
    this.snapshots = new ConfigSnapshots(objects);
    this.keepSnapshots = keepSnapshots;
    this.clock = clock;
  }

  /**
   * Returns a listener that records a release's configuration, then tells {@code listener}; a
   * recording that fails is logged at WARN (a later rollback then says it could not tell) and the
   * listener is told all the same.
   */
  public ReleaseListener recordingFor(ReleaseListener listener) {
    return new ReleaseListener() {
      @Override
      public void released(Release release) {
        recordQuietly(release);
        listener.released(release);
      }

      @Override
      public void ended(Release release, Release.End why) {
        listener.ended(release, why);
      }

      @Override
      public void restored(Release release) {
        recordQuietly(release);
        listener.restored(release);
      }
    };
  }

  private void recordQuietly(Release r) {
    try {
      record(r.deployment().namespace(), r.workload(), r.revision());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("{}: cannot record the configuration of revision {} ({}): {}; a rollback to it will say it could not"
          + " tell whether its ConfigMaps and Secrets changed", r.deployment(), r.revision(), r.versionId(),
          Causes.describe(e));
    }
  }

  /** Records the configuration of revision {@code revision} of Deployment {@code ns/workload}, unless recorded. */
  void record(String ns, String workload, long revision) throws InterruptedException {
    V1Deployment dep = k.deployment(ns, workload);
    if (dep == null) {
      return;
    }
    V1ReplicaSet rs = k.ownedReplicaSets(dep).stream().filter(x -> Templates.revision(x) == revision).findFirst()
        .orElse(null);
    if (rs == null) {
      return;
    }
    ConfigFingerprints recorded = ConfigFingerprints.parse(Templates.annotation(rs, ConfigFingerprints.ANNOTATION));
    if (recorded != null) {
      if (keepSnapshots) {
        keepSnapshots(ns, rs, recorded); // opted in after the recording, or a snapshot's owner was lost
      }
      return;
    }
    List<ConfigFingerprints.Entry> entries = new ArrayList<>();
    List<ConfigObjects.Read> reads = new ArrayList<>();
    for (ConfigRef ref : ConfigRef.of(rs.getSpec() == null ? null : rs.getSpec().getTemplate())) {
      ConfigObjects.Read read = objects.read(ref.kind(), ns, ref.name());
      entries.add(new ConfigFingerprints.Entry(ref, read == null ? null : read.digest(ns, ref.name())));
      reads.add(read);
    }
    ConfigFingerprints fingerprints = new ConfigFingerprints(clock.instant(), entries);
    if (keepSnapshots) {
      for (int i = 0; i < entries.size(); i++) {
        keep(ns, rs, entries.get(i), reads.get(i));
      }
    }
    objects.annotateReplicaSet(ns, rs, ConfigFingerprints.ANNOTATION, fingerprints.toJson());
    LOG.info("{}/{}: recorded the configuration of revision {}: {}", ns, workload, revision, entries.isEmpty()
        ? "it references no ConfigMap or Secret"
        : String.join(", ", entries.stream().map(e -> e.ref().describe() + " " + e.shortDigest()).toList()));
  }

  private void keepSnapshots(String ns, V1ReplicaSet rs, ConfigFingerprints recorded) throws InterruptedException {
    for (ConfigFingerprints.Entry e : recorded.entries()) {
      if (e.digest() == null) {
        continue;
      }
      ConfigObjects.Read live = objects.read(e.ref().kind(), ns, e.ref().name());
      if (live != null && e.digest().equals(live.digest(ns, e.ref().name()))) {
        keep(ns, rs, e, live);
      }
    }
  }

  private void keep(String ns, V1ReplicaSet rs, ConfigFingerprints.Entry e, ConfigObjects.@Nullable Read read)
      throws InterruptedException {
    if (read == null || e.digest() == null) {
      return; // nothing to copy: it did not exist
    }
    if ("kubernetes.io/service-account-token".equals(read.secretType())) {
      LOG.info("{}: not keeping a snapshot of {}: the token controller owns a service-account token", ns,
          e.ref().describe());
      return;
    }
    try {
      snapshots.keep(ns, e.ref().name(), Objects.requireNonNull(e.digest()), read, rs);
    } catch (KubernetesAdapterException failed) {
      LOG.warn("{}: cannot keep a snapshot of {} for ReplicaSet {}: {}; a rollback to it halts if it is changed in"
          + " place", ns, e.ref().describe(), Templates.name(rs), failed.getMessage());
    }
  }
}
