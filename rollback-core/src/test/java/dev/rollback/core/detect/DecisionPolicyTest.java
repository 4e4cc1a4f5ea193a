package dev.rollback.core.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.Evidence;
import dev.rollback.core.Finding;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class DecisionPolicyTest {
  static final Instant DEPLOYED = Instant.parse("2026-11-27T07:00:00Z");
  static final Instant NOW = DEPLOYED.plus(Duration.ofMinutes(15));
  static final Finding FINDING = new Finding("cusum", "error_ratio rose 4x",
      List.of(new Evidence("error_ratio", "rule", 0.02, 0.005, "error_ratio rose 4x")), DEPLOYED, NOW);
  static final Verdict ANOMALOUS = new Verdict.Anomalous(FINDING);

  final DecisionPolicy defaults = DecisionPolicy.ofDefaults();

  static DecisionPolicy.Situation at(Instant now, int samples, @Nullable Instant lastRun, @Nullable Instant target) {
    return new DecisionPolicy.Situation("v1", DEPLOYED, now, samples, lastRun, target, false);
  }

  @Test
  void anAnomalyOnEnoughSamplesRollsBack() {
    Decision d = defaults.decide(ANOMALOUS, at(NOW, 15, null, null));
    assertSame(FINDING, assertInstanceOf(Decision.Rollback.class, d).finding());
  }

  @Test
  void anAnomalyOnTooFewSamplesWaits() {
    Decision d = defaults.decide(ANOMALOUS, at(NOW, 2, null, null));
    assertTrue(d.reason().startsWith("an anomaly on 2 samples since the deployment waits for 3"), d.reason());
    assertInstanceOf(Decision.Continue.class, d);
  }

  @Test
  void theCooldownHoldsASecondRunOfTheSameDeployment() {
    Instant lastRun = NOW.minus(Duration.ofMinutes(29));
    assertInstanceOf(Decision.Hold.class, defaults.decide(ANOMALOUS, at(NOW, 15, lastRun, null)));
    Instant longAgo = NOW.minus(Duration.ofMinutes(30));
    assertInstanceOf(Decision.Rollback.class, defaults.decide(ANOMALOUS, at(NOW, 15, longAgo, null)));
  }

  @Test
  void aRollbackTargetIsNotRolledBackWithinThePingPongWindow() {
    Instant becameCurrent = NOW.minus(Duration.ofMinutes(40));
    Decision.Page page = assertInstanceOf(Decision.Page.class,
        defaults.decide(ANOMALOUS, at(NOW, 15, null, becameCurrent)));
    assertSame(FINDING, page.finding());
    assertTrue(page.reason().startsWith("not rolling back version v1 automatically: it became current by a rollback at"
        + " 2026-11-27T06:35:00Z, within the 60 min ping-pong window"), page.reason());
    Instant anHourAgo = NOW.minus(Duration.ofHours(1));
    assertInstanceOf(Decision.Rollback.class, defaults.decide(ANOMALOUS, at(NOW, 15, null, anHourAgo)));
  }

  @Test
  void noDataWaitsPagesOnceOrRollsBackAfterTheGrace() {
    Verdict noData = new Verdict.NoData("error_ratio", "error_ratio has no data since the deployment");
    assertInstanceOf(Decision.Continue.class, defaults.decide(noData, at(NOW, 0, null, null)));
    DecisionPolicy page = DecisionPolicy.builder().noData(DecisionPolicy.NoDataAction.PAGE).build();
    Decision early = page.decide(noData, at(DEPLOYED.plus(Duration.ofMinutes(9)), 0, null, null));
    assertInstanceOf(Decision.Continue.class, early, "within the 10 min grace");
    Decision.Page paged = assertInstanceOf(Decision.Page.class, page.decide(noData, at(NOW, 0, null, null)));
    assertNull(paged.finding());
    assertEquals("error_ratio has no data since the deployment, 15 min after the deployment; a person should check"
        + " the release and its metrics", paged.reason());
    Decision again = page.decide(noData, new DecisionPolicy.Situation("v1", DEPLOYED, NOW, 0, null, null, true));
    assertInstanceOf(Decision.Continue.class, again, "paged once per watch");
    DecisionPolicy rollback = DecisionPolicy.builder(page).noData(DecisionPolicy.NoDataAction.ROLLBACK).build();
    Decision.Rollback r = assertInstanceOf(Decision.Rollback.class, rollback.decide(noData, at(NOW, 0, null, null)));
    assertEquals("decision-policy", r.finding().detector());
    assertEquals("error_ratio", r.finding().evidence().get(0).metric());
  }

  @Test
  void healthyAndInsufficientContinue() {
    assertEquals(new Decision.Continue("fine"), defaults.decide(new Verdict.Healthy("fine"), at(NOW, 15, null, null)));
    assertEquals(new Decision.Continue("early"),
        defaults.decide(new Verdict.Insufficient("early"), at(NOW, 1, null, null)));
  }

  @Test
  void buildListsEveryBadSetting() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> DecisionPolicy.builder().minimumSamples(0).cooldown(Duration.ofMinutes(-1))
            .pingPongWindow(Duration.ofMinutes(-2)).build());
    assertEquals(List.of("minimumSamples must be >= 1 but was 0", "cooldown must not be negative but was PT-1M",
        "pingPongWindow must not be negative but was PT-2M"), e.problems());
  }
}
