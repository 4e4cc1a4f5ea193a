package dev.rollback.k8s.internal;

import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * What a rollback finds of the configuration of the version it restores: for each ConfigMap and
 * Secret that version's revision recorded, whether it still holds the recorded content, and what
 * the rollback does about it; together, which {@link Case} applies.
 *
 * @param kase the case
 * @param versionId the version restored
 * @param items one per recorded object; empty when {@link Case#UNKNOWN}
 * @param why for {@link Case#UNKNOWN}, why it cannot tell; else empty
 */
record ConfigAssessment(Case kase, String versionId, List<Item> items, String why) {

  ConfigAssessment {
    items = List.copyOf(items);
  }

  /** Which case applied, as the postmortem tells it; the name is the notice's stable key. */
  enum Case {
    /** No fingerprint was recorded for the version (or it cannot be read): the rollback proceeds, unable to tell. */
    UNKNOWN("config-unknown"),
    /** Every object it reads under a name the failing version shares holds its content: nothing to restore. */
    UNCHANGED("config-unchanged"),
    /** It reads objects of its own (hash-suffixed names), unchanged: nothing to restore. */
    OWN_NAMES("config-own-names"),
    /** Some were changed in place and their snapshots are kept: restored, with the template. */
    RESTORED("config-restored"),
    /** Some were changed in place (or deleted) and their old content is gone: a manual rollback. */
    GONE("config-gone");

    final String key;

    Case(String key) {
      this.key = key;
    }
  }

  /** What became of one object. */
  enum State {
    /** Holds the recorded content, under a name the failing version references too. */
    SAME,
    /** Holds the recorded content, under a name the failing version does not reference. */
    OWN_NAME,
    /** Changed since, and a snapshot of the recorded content is kept: to restore. */
    RESTORABLE,
    /** Restored from its snapshot by this very run. */
    RESTORED,
    /** Changed since (or deleted, or created since), and no snapshot of the recorded content is kept. */
    GONE
  }

  /**
   * One recorded object.
   *
   * @param entry what was recorded
   * @param state what became of it
   * @param liveDigest the digest of its content now, or null when it does not exist
   * @param snapshot the snapshot to restore from, for {@link State#RESTORABLE}
   */
  record Item(ConfigFingerprints.Entry entry, State state, @Nullable String liveDigest,
      ConfigObjects.@Nullable Read snapshot) {
    /** Returns "ConfigMap NAME", with "(optional)" and "(absent)" where they apply. */
    String describe() {
      return entry.ref().describe() + (entry.ref().optional() ? " (optional)" : "")
          + (entry.digest() == null && liveDigest == null ? " (absent)" : "");
    }
  }

  /** Returns the assessment of a version no fingerprint was recorded for. */
  static ConfigAssessment unknown(String versionId, String why) {
    return new ConfigAssessment(Case.UNKNOWN, versionId, List.of(), why);
  }

  /** Returns the assessment of recorded {@code items}. */
  static ConfigAssessment of(String versionId, List<Item> items) {
    Case kase;
    if (items.stream().anyMatch(i -> i.state() == State.GONE)) {
      kase = Case.GONE;
    } else if (items.stream().anyMatch(i -> i.state() == State.RESTORABLE || i.state() == State.RESTORED)) {
      kase = Case.RESTORED;
    } else if (items.stream().anyMatch(i -> i.state() == State.OWN_NAME)) {
      kase = Case.OWN_NAMES;
    } else {
      kase = Case.UNCHANGED;
    }
    return new ConfigAssessment(kase, versionId, items, "");
  }

  private String names(Predicate<Item> which) {
    List<String> names = items.stream().filter(which).map(Item::describe).toList();
    return names.isEmpty() ? "none" : String.join(", ", names);
  }

  /** Returns the problem that halts the run, for {@link Case#GONE}; else null. */
  @Nullable String problem() {
    if (kase != Case.GONE) {
      return null;
    }
    List<String> gone = items.stream().filter(i -> i.state() == State.GONE).map(i -> i.describe() + " ("
        + (i.entry().digest() == null ? "absent at the release of " + versionId + ", present now"
            : i.liveDigest() == null ? "deleted since the release of " + versionId
            : "changed in place since the release of " + versionId + ": " + i.entry().shortDigest() + " then, "
                + ConfigFingerprints.shortOf(i.liveDigest()) + " now") + ")").toList();
    return "the configuration of version " + versionId + " is gone: " + String.join(", ", gone)
        + "; no snapshot of its old content is kept (ReleaseWatcher.Builder.keepConfigSnapshots), so restoring the"
        + " pod template alone would run version " + versionId + " with the failing release's configuration."
        + " Restore " + (gone.size() == 1 ? "it" : "them") + " by hand (e.g. from Git), then roll back";
  }

  /** Returns the sentence the postmortem and notifications carry. */
  String summary() {
    return switch (kase) {
      case UNKNOWN -> "Configuration of version " + versionId + " not checked: " + why
          + "; the rollback proceeded without knowing whether its ConfigMaps and Secrets changed since its release.";
      case UNCHANGED -> items.isEmpty()
          ? "Version " + versionId + " references no ConfigMap or Secret; no configuration to restore."
          : "The ConfigMaps and Secrets of version " + versionId + " (" + names(i -> true)
              + ") hold the content recorded at its release; nothing restored.";
      case OWN_NAMES -> "Version " + versionId + " reads configuration of its own (hash-suffixed names: "
          + names(i -> i.state() == State.OWN_NAME) + "), unchanged since its release; nothing restored"
          + (items.stream().anyMatch(i -> i.state() == State.SAME) ? " (" + names(i -> i.state() == State.SAME)
              + " shared and unchanged)" : "") + ".";
      case RESTORED -> "Restored " + names(i -> i.state() == State.RESTORED || i.state() == State.RESTORABLE)
          + " of version " + versionId + " from the snapshots kept at its release (the failing release changed "
          + "them in place), before its pod template.";
      case GONE -> "Halted for a manual rollback: " + problem() + ".";
    };
  }

  /** Returns what people should do, or null when nothing. */
  @Nullable String action() {
    return switch (kase) {
      case UNKNOWN -> "Check that the ConfigMaps and Secrets version " + versionId
          + " reads still hold its configuration (run the ReleaseWatcher so that later releases are recorded)";
      case UNCHANGED, OWN_NAMES -> null;
      case RESTORED -> "Change " + names(i -> i.state() == State.RESTORED || i.state() == State.RESTORABLE)
          + " back in their source of truth (Git, Helm values) too, or the next deploy applies the failing"
          + " configuration again";
      case GONE -> "Restore " + names(i -> i.state() == State.GONE) + " to the content of version " + versionId
          + " by hand, then roll back";
    };
  }
}
