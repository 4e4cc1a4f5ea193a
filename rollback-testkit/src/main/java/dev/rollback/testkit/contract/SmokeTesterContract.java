package dev.rollback.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.SmokeResult;
import dev.rollback.spi.SmokeTester;
import org.junit.jupiter.api.Test;

/** The contract of {@link SmokeTester}: failed checks are an answer, and runs can be repeated. */
public abstract class SmokeTesterContract {

  /** Returns a fresh smoke tester. */
  protected abstract SmokeTester tester() throws Exception;

  /** Returns a manifest whose restored version passes the smoke checks. */
  protected abstract RollbackManifest healthyManifest();

  /** Returns a manifest whose restored version fails at least one smoke check. */
  protected abstract RollbackManifest brokenManifest();

  @Test
  void aHealthyVersionPassesAndTheRunCanBeRepeated() throws Exception {
    SmokeTester tester = tester();
    for (int i = 0; i < 2; i++) {
      SmokeResult result = tester.run(healthyManifest());
      assertNotNull(result, "run must not answer null");
      assertTrue(result.passed(), result.summary());
    }
  }

  @Test
  void aBrokenVersionFailsAsAnAnswerNamingTheCheck() throws Exception {
    SmokeResult result = tester().run(brokenManifest());
    assertNotNull(result, "run must not answer null");
    assertFalse(result.passed(), "the broken version must fail a check");
    assertTrue(result.checks().stream().anyMatch(c -> !c.passed() && !c.detail().isBlank()),
        "a failed check says what it observed");
  }
}
