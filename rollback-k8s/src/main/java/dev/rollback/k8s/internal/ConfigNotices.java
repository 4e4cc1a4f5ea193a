package dev.rollback.k8s.internal;

import dev.rollback.spi.ClusterNotice;
import dev.rollback.spi.RollbackManifest;
import java.util.List;

/**
 * The notices of configuration travelling with the version: which {@link ConfigAssessment.Case}
 * applied to a run, for its notifications and postmortem (an action, where people have one, for
 * its action items).
 */
final class ConfigNotices {
  private ConfigNotices() {}

  /** The rollouts that restore configuration with the template. */
  interface Travelling {
    ConfigRestore configRestore();
  }

  /**
   * Returns the notices of {@code m}'s run so far: none before its configuration was assessed,
   * then one, keyed by the case ({@code config-unknown}, {@code config-unchanged}, {@code
   * config-own-names}, {@code config-restored}, {@code config-gone}). A resumed run's repeated
   * step assesses again, and an object this run restored says so ({@link ConfigRestore#RESTORED_BY}).
   */
  static List<ClusterNotice> of(Rollout rollout, RollbackManifest m) {
    if (!(rollout instanceof Travelling t)) {
      return List.of();
    }
    ConfigAssessment a = t.configRestore().applied(m);
    return a == null ? List.of() : List.of(new ClusterNotice(a.kase().key, a.summary(), a.action()));
  }
}
