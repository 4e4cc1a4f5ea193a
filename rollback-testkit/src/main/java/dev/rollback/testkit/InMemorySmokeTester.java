package dev.rollback.testkit;

import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.SmokeCheck;
import dev.rollback.spi.SmokeResult;
import dev.rollback.spi.SmokeTester;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link SmokeTester} in memory: two checks that pass, or with {@link Behavior#answerNo()} one
 * that fails with a 500. Every call follows the {@link Script}. Thread-safe.
 */
public final class InMemorySmokeTester implements SmokeTester {
  private final Script script;

  private InMemorySmokeTester(Script script) {
    this.script = script;
  }

  /** Returns a smoke tester following {@code script}. */
  public static InMemorySmokeTester create(Script script) {
    return new InMemorySmokeTester(Objects.requireNonNull(script, "script"));
  }

  @Override
  @SuppressWarnings("NullAway") // a scripted malformed answer is null on purpose
  public SmokeResult run(RollbackManifest manifest) throws InterruptedException {
    return script.perform(
        Op.SMOKE,
        manifest.to().id(),
        () -> SmokeResult.of(
            SmokeCheck.passed("GET /healthz", "status 200", Duration.ofMillis(12)),
            SmokeCheck.passed("GET /api/" + manifest.deployment().name(), "status 200, body has \"ok\"",
                Duration.ofMillis(48))),
        () -> SmokeResult.of(
            SmokeCheck.passed("GET /healthz", "status 200", Duration.ofMillis(12)),
            SmokeCheck.failed("GET /api/" + manifest.deployment().name(), "status 500, expected 200",
                Duration.ofMillis(131))),
        () -> null);
  }
}
