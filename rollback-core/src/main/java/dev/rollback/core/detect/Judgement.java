package dev.rollback.core.detect;

import dev.rollback.spi.DeploymentRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One judgement of a watched deployment by the {@link DeploymentMonitor}, as told to the listener
 * set with {@link DeploymentMonitor.Builder#onJudgement}: which detector judged, when, how long it
 * took (on the engine's scheduler clock, metric fetches included), and what came of it.
 *
 * @param deployment the deployment judged
 * @param detector the detector's name (its class name when {@code name()} fails)
 * @param startedAt when the judgement started
 * @param duration how long it took, never negative
 * @param result the verdict and decision, or why there was none
 */
public record Judgement(
    DeploymentRef deployment, String detector, Instant startedAt, Duration duration, Judgement.Result result) {

  /** Validates the fields. */
  public Judgement {
    Objects.requireNonNull(deployment, "Judgement.deployment");
    Objects.requireNonNull(detector, "Judgement.detector");
    Objects.requireNonNull(startedAt, "Judgement.startedAt");
    Objects.requireNonNull(duration, "Judgement.duration");
    Objects.requireNonNull(result, "Judgement.result");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("Judgement.duration must not be negative but was " + duration);
    }
  }

  /** What came of a judgement. */
  public sealed interface Result {

    /**
     * The detector answered, and the decision policy decided.
     *
     * @param verdict the detector's verdict
     * @param decision what the policy made of it
     */
    record Judged(Verdict verdict, Decision decision) implements Result {
      /** Validates the fields. */
      public Judged {
        Objects.requireNonNull(verdict, "Judgement.Judged.verdict");
        Objects.requireNonNull(decision, "Judgement.Judged.decision");
      }
    }

    /**
     * No verdict was trusted: the detector, the metrics source or the policy threw, or broke its
     * contract. The deployment is judged again at the next interval.
     *
     * @param reason what went wrong, in one sentence
     */
    record Failed(String reason) implements Result {
      /** Validates the reason. */
      public Failed {
        Objects.requireNonNull(reason, "Judgement.Failed.reason");
      }
    }
  }
}
