package dev.rollback.core.detect;

import dev.rollback.core.Evidence;
import dev.rollback.core.Finding;
import dev.rollback.core.detect.internal.Texts;
import dev.rollback.spi.helpers.ConfigProblems;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@link Verdict} into a {@link Decision}: how many samples a judgement needs, what
 * missing data means, a cooldown so that one regression starts one run, and no automatic rollback
 * of a version that itself became current by a rollback a short while ago (no ping-pong).
 *
 * <p>Immutable and thread-safe; {@link #decide} is a pure function. Create with {@link
 * #ofDefaults()} or {@link #builder()}.
 */
public final class DecisionPolicy {

  /** What a {@link Verdict.NoData} means once the no-data grace has passed. */
  public enum NoDataAction {
    /** Keep watching: missing data is not a reason to act. */
    WAIT,
    /** Page a person once, and keep watching. */
    PAGE,
    /** Roll back: a release that stops reporting metrics is treated as broken. */
    ROLLBACK
  }

  /**
   * The facts about one watched deployment at one judgement.
   *
   * @param versionId the watched version, if known
   * @param deployedAt when it was deployed
   * @param now the time of the judgement
   * @param samplesSinceDeployment the most samples since the deployment any metric had
   * @param lastRunStartedAt when the last rollback run of the deployment started, if any
   * @param becameCurrentByRollbackAt when {@code versionId} became current as a rollback target, if it did
   * @param alreadyPaged whether missing data was already paged for this watch
   */
  public record Situation(
      @Nullable String versionId,
      Instant deployedAt,
      Instant now,
      int samplesSinceDeployment,
      @Nullable Instant lastRunStartedAt,
      @Nullable Instant becameCurrentByRollbackAt,
      boolean alreadyPaged) {
    /** Validates the times. */
    public Situation {
      Objects.requireNonNull(deployedAt, "Situation.deployedAt");
      Objects.requireNonNull(now, "Situation.now");
    }
  }

  private final int minimumSamples;
  private final NoDataAction noData;
  private final Duration noDataGrace;
  private final Duration cooldown;
  private final Duration pingPongWindow;

  private DecisionPolicy(Builder b) {
    this.minimumSamples = b.minimumSamples;
    this.noData = b.noData;
    this.noDataGrace = b.noDataGrace;
    this.cooldown = b.cooldown;
    this.pingPongWindow = b.pingPongWindow;
  }

  /** Returns the defaults: 3 samples, wait on no data (grace 10 min), cooldown 30 min, ping-pong window 1 h. */
  public static DecisionPolicy ofDefaults() {
    return builder().build();
  }

  /** Returns a builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding the settings of {@code existing}. */
  public static Builder builder(DecisionPolicy existing) {
    return new Builder()
        .minimumSamples(existing.minimumSamples)
        .noData(existing.noData)
        .noDataGrace(existing.noDataGrace)
        .cooldown(existing.cooldown)
        .pingPongWindow(existing.pingPongWindow);
  }

  /** Returns how many samples since the deployment an anomaly needs before it counts. */
  public int minimumSamples() {
    return minimumSamples;
  }

  /** Returns what missing data means. */
  public NoDataAction noData() {
    return noData;
  }

  /** Returns how long after the deployment missing data is waited out whatever the action. */
  public Duration noDataGrace() {
    return noDataGrace;
  }

  /** Returns how long after a run starts no other run starts for the same deployment. */
  public Duration cooldown() {
    return cooldown;
  }

  /** Returns how long a version that became current by a rollback is not rolled back automatically. */
  public Duration pingPongWindow() {
    return pingPongWindow;
  }

  /** Decides what {@code verdict} means for the deployment in {@code situation}. */
  public Decision decide(Verdict verdict, Situation situation) {
    if (verdict instanceof Verdict.Healthy h) {
      return new Decision.Continue(h.detail());
    }
    if (verdict instanceof Verdict.Insufficient i) {
      return new Decision.Continue(i.reason());
    }
    if (verdict instanceof Verdict.NoData n) {
      return decideNoData(n, situation);
    }
    Finding finding = ((Verdict.Anomalous) verdict).finding();
    int samples = situation.samplesSinceDeployment();
    if (samples > 0 && samples < minimumSamples) {
      return new Decision.Continue("an anomaly on " + samples + " samples since the deployment waits for "
          + minimumSamples + ": " + finding.summary());
    }
    return act(finding, situation);
  }

  private Decision decideNoData(Verdict.NoData n, Situation situation) {
    Duration since = Duration.between(situation.deployedAt(), situation.now());
    if (noData == NoDataAction.WAIT || since.compareTo(noDataGrace) < 0) {
      return new Decision.Continue(n.reason() + "; waiting");
    }
    String reason = n.reason() + ", " + since.toMinutes() + " min after the deployment";
    if (noData == NoDataAction.PAGE) {
      return situation.alreadyPaged()
          ? new Decision.Continue(reason + "; already paged")
          : new Decision.Page(reason + "; a person should check the release and its metrics", null);
    }
    Evidence evidence = new Evidence(n.metric(), "no data after " + Texts.window(noDataGrace)
        + " means rollback", Double.NaN, Double.NaN, reason);
    return act(new Finding("decision-policy", reason + "; the policy rolls back releases without data",
        List.of(evidence), situation.deployedAt(), situation.now()), situation);
  }

  private Decision act(Finding finding, Situation situation) {
    Instant becameCurrent = situation.becameCurrentByRollbackAt();
    if (becameCurrent != null && situation.now().isBefore(becameCurrent.plus(pingPongWindow))) {
      return new Decision.Page("not rolling back version " + situation.versionId() + " automatically: it became"
          + " current by a rollback at " + becameCurrent + ", within the " + Texts.window(pingPongWindow)
          + " ping-pong window, so the regression may not be in the release; a person must decide. "
          + finding.summary(), finding);
    }
    Instant lastRun = situation.lastRunStartedAt();
    if (lastRun != null && situation.now().isBefore(lastRun.plus(cooldown))) {
      return new Decision.Hold("a rollback run of this deployment started at " + lastRun + ", within the "
          + Texts.window(cooldown) + " cooldown", finding);
    }
    return new Decision.Rollback(finding);
  }

  /** Builds a {@link DecisionPolicy}; {@link #build()} reports every bad setting at once. */
  public static final class Builder {
    private int minimumSamples = 3;
    private NoDataAction noData = NoDataAction.WAIT;
    private Duration noDataGrace = Duration.ofMinutes(10);
    private Duration cooldown = Duration.ofMinutes(30);
    private Duration pingPongWindow = Duration.ofHours(1);

    private Builder() {}

    /** Sets how many samples since the deployment an anomaly needs, >= 1; default 3. */
    public Builder minimumSamples(int minimumSamples) {
      this.minimumSamples = minimumSamples;
      return this;
    }

    /** Sets what missing data means; default {@link NoDataAction#WAIT}. */
    public Builder noData(NoDataAction noData) {
      this.noData = Objects.requireNonNull(noData, "noData");
      return this;
    }

    /** Sets how long after the deployment missing data is always waited out, >= 0; default 10 min. */
    public Builder noDataGrace(Duration grace) {
      this.noDataGrace = Objects.requireNonNull(grace, "noDataGrace");
      return this;
    }

    /** Sets how long after a run starts no other run starts for the deployment, >= 0; default 30 min. */
    public Builder cooldown(Duration cooldown) {
      this.cooldown = Objects.requireNonNull(cooldown, "cooldown");
      return this;
    }

    /** Sets how long a rollback target is not rolled back automatically, >= 0; default 1 h. */
    public Builder pingPongWindow(Duration window) {
      this.pingPongWindow = Objects.requireNonNull(window, "pingPongWindow");
      return this;
    }

    /**
     * Returns the policy.
     *
     * @throws InvalidConfigurationException listing every bad setting
     */
    public DecisionPolicy build() {
      ConfigProblems problems = ConfigProblems.of("DecisionPolicy");
      problems.atLeast("minimumSamples", minimumSamples, 1);
      problems.notNegative("noDataGrace", noDataGrace);
      problems.notNegative("cooldown", cooldown);
      problems.notNegative("pingPongWindow", pingPongWindow);
      problems.throwIfAny();
      return new DecisionPolicy(this);
    }
  }
}
