package dev.rollback.spi;

/**
 * The answer of {@link VersionRegistry#previousStable}: either a version to roll back to, or the
 * reason there is none, which sends the run to <i>Halt manual rollback</i>.
 */
public sealed interface PreviousVersion {

  /** Returns a found previous stable version. */
  static PreviousVersion found(Version version) {
    return new Found(version);
  }

  /** Returns the answer that no previous stable version exists, and why. */
  static PreviousVersion none(String reason) {
    return new NoneAvailable(reason);
  }

  /**
   * A previous stable version exists.
   *
   * @param version the version to restore
   */
  record Found(Version version) implements PreviousVersion {
    /** Validates the version is present. */
    public Found {
      Checks.present(version, "PreviousVersion.Found.version");
    }
  }

  /**
   * No previous stable version exists.
   *
   * @param reason why, in words an on-call engineer understands (e.g. "only one revision exists")
   */
  record NoneAvailable(String reason) implements PreviousVersion {
    /** Validates the reason is not blank. */
    public NoneAvailable {
      Checks.notBlank(reason, "PreviousVersion.NoneAvailable.reason");
    }
  }
}
