package dev.rollback.testkit;

import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.PreviousVersion;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunId;
import dev.rollback.spi.Version;
import dev.rollback.spi.VersionRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link VersionRegistry} in memory: each deployment has a release history, oldest first, whose
 * last entry is the current version. Failed marks and rollback records are kept and honoured, so a
 * version marked failed is never offered again. Every call follows the {@link Script}. Thread-safe.
 */
public final class InMemoryVersionRegistry implements VersionRegistry {

  /**
   * A rollback this registry recorded.
   *
   * @param runId the run
   * @param from the version rolled back from
   * @param to the version rolled back to
   * @param at when
   */
  public record RollbackRecord(RunId runId, Version from, Version to, Instant at) {}

  private final Script script;
  private final Map<DeploymentRef, List<Version>> histories = new HashMap<>();
  private final Map<DeploymentRef, Set<String>> failed = new HashMap<>();
  private final List<RollbackRecord> records = new ArrayList<>();

  private InMemoryVersionRegistry(Script script) {
    this.script = script;
  }

  /** Returns an empty registry following {@code script}. */
  public static InMemoryVersionRegistry create(Script script) {
    return new InMemoryVersionRegistry(Objects.requireNonNull(script, "script"));
  }

  /** Sets the release history of {@code deployment}, oldest first; the last is current. */
  public synchronized InMemoryVersionRegistry history(DeploymentRef deployment, Version... versions) {
    if (versions.length == 0) {
      throw new IllegalArgumentException("history needs at least the current version");
    }
    histories.put(deployment, new ArrayList<>(List.of(versions)));
    return this;
  }

  /** Returns the ids of the versions of {@code deployment} marked failed. */
  public synchronized Set<String> failedVersions(DeploymentRef deployment) {
    return Set.copyOf(failed.getOrDefault(deployment, Set.of()));
  }

  /** Returns every rollback recorded, in order. */
  public synchronized List<RollbackRecord> rollbacks() {
    return List.copyOf(records);
  }

  @Override
  @SuppressWarnings("NullAway") // a scripted malformed answer is null on purpose
  public Version currentVersion(DeploymentRef deployment) throws InterruptedException {
    return script.perform(
        Op.CURRENT_VERSION,
        deployment.toString(),
        () -> current(deployment),
        null,
        () -> Version.of(current(deployment).id(), "app", "NOT AN IMAGE"));
  }

  @Override
  @SuppressWarnings("NullAway") // a scripted malformed answer is null on purpose
  public PreviousVersion previousStable(DeploymentRef deployment, Version current)
      throws InterruptedException {
    return script.perform(
        Op.PREVIOUS_STABLE,
        deployment.toString(),
        () -> previous(deployment, current),
        () -> PreviousVersion.none("only one version of " + deployment.name() + " was ever deployed"),
        () -> PreviousVersion.found(current));
  }

  @Override
  public void markFailed(RollbackManifest manifest, String reason) throws InterruptedException {
    script.perform(
        Op.MARK_FAILED,
        manifest.to().id(),
        () -> {
          synchronized (this) {
            failed.computeIfAbsent(manifest.deployment(), k -> new HashSet<>()).add(manifest.to().id());
          }
          return Boolean.TRUE;
        },
        null,
        () -> Script.invalid(Op.MARK_FAILED));
  }

  @Override
  public void recordRollback(RollbackManifest manifest, Instant at) throws InterruptedException {
    script.perform(
        Op.RECORD_ROLLBACK,
        manifest.to().id(),
        () -> {
          synchronized (this) {
            boolean seen = records.stream().anyMatch(r -> r.runId().equals(manifest.runId()));
            if (!seen) {
              records.add(new RollbackRecord(manifest.runId(), manifest.from(), manifest.to(), at));
            }
          }
          return Boolean.TRUE;
        },
        null,
        () -> Script.invalid(Op.RECORD_ROLLBACK));
  }

  private synchronized Version current(DeploymentRef deployment) {
    List<Version> history = histories.get(deployment);
    if (history == null) {
      throw new IllegalStateException("deployment " + deployment + " is unknown to the registry");
    }
    return history.get(history.size() - 1);
  }

  private synchronized PreviousVersion previous(DeploymentRef deployment, Version current) {
    List<Version> history = histories.getOrDefault(deployment, List.of());
    Set<String> bad = failed.getOrDefault(deployment, Set.of());
    int index = -1;
    for (int i = 0; i < history.size(); i++) {
      if (history.get(i).id().equals(current.id())) {
        index = i;
      }
    }
    if (index <= 0) {
      return PreviousVersion.none("no version of " + deployment.name() + " older than " + current.id());
    }
    for (int i = index - 1; i >= 0; i--) {
      if (!bad.contains(history.get(i).id())) {
        return PreviousVersion.found(history.get(i));
      }
    }
    return PreviousVersion.none("every version older than " + current.id() + " was marked failed");
  }
}
