package dev.rollback.spi;

/**
 * <i>Run smoke tests</i> against the restored version once traffic has shifted to it.
 *
 * <p>Thread-safe. Smoke tests should be safe to repeat, since a resumed run may run them again.
 */
@FunctionalInterface
public interface SmokeTester {

  /**
   * Runs the smoke checks against {@code manifest.to()}.
   *
   * <p>Failed checks are an expected answer: return them in the result, and the run escalates to
   * the team lead. Throw only when the checks could not be run at all; that escalates too, with
   * the exception as the cause.
   *
   * @return at least one check
   * @throws InterruptedException if interrupted while waiting
   */
  SmokeResult run(RollbackManifest manifest) throws InterruptedException;
}
