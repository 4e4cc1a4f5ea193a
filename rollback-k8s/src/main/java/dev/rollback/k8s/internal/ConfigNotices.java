package dev.rollback.k8s.internal;

import dev.rollback.spi.RollbackManifest;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The notices of configuration travelling with the version: which {@link ConfigAssessment.Case}
 * applied to a run, for its notifications and postmortem (an action, where people have one, for
 * its action items).
 */
final class ConfigNotices {
  private ConfigNotices() {}

  /**
   * One notice.
   *
   * @param summary the sentence
   * @param action what people should do, or null
   * @param key a stable key: the case's
   */
  record Notice(String summary, @Nullable String action, String key) {}

  /** The rollouts that restore configuration with the template. */
  interface Travelling {
    ConfigRestore configRestore();
  }

  /** Returns the notices of {@code m}'s run so far: none before its configuration was assessed. */
  static List<Notice> of(Rollout rollout, RollbackManifest m) {
    if (!(rollout instanceof Travelling t)) {
      return List.of();
    }
    ConfigAssessment a = t.configRestore().applied(m);
    return a == null ? List.of() : List.of(new Notice(a.summary(), a.action(), a.kase().key));
  }
}
