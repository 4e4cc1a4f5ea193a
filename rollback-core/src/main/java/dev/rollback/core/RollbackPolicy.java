package dev.rollback.core;

import dev.rollback.spi.ScaleDown;
import dev.rollback.spi.helpers.Backoff;
import dev.rollback.spi.helpers.ConfigProblems;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The immutable settings of a run: deadlines, readiness polling, notification retries and the
 * scale-down behaviour. Create with {@link #ofDefaults()} or {@link #builder()}; {@link
 * Builder#build()} refuses impossible values, listing every problem at once.
 */
public final class RollbackPolicy {

  private final Duration stepDeadline;
  private final Map<Node, Duration> stepDeadlines;
  private final Duration overallDeadline;
  private final Duration readinessPollInitial;
  private final Duration readinessPollMax;
  private final int notifierAttempts;
  private final Duration notificationTimeout;
  private final Duration notificationBackoff;
  private final Duration notificationBackoffMax;
  private final Backoff notificationBackoffs;
  private final ScaleDown scaleDown;

  private RollbackPolicy(Builder b) {
    this.stepDeadline = b.stepDeadline;
    this.stepDeadlines = Collections.unmodifiableMap(new EnumMap<>(b.stepDeadlines));
    this.overallDeadline = b.overallDeadline;
    this.readinessPollInitial = b.readinessPollInitial;
    this.readinessPollMax = b.readinessPollMax;
    this.notifierAttempts = b.notifierAttempts;
    this.notificationTimeout = b.notificationTimeout;
    this.notificationBackoff = b.notificationBackoff;
    this.notificationBackoffMax = b.notificationBackoffMax;
    this.notificationBackoffs = Backoff.exponential(b.notificationBackoff, b.notificationBackoffMax);
    this.scaleDown = b.scaleDown;
  }

  /**
   * Returns the defaults: 30 s per step, 10 min for <i>Wait for pods ready</i>, 5 min for <i>Run
   * smoke tests</i>, 2 min for <i>Cleanup old resources</i>, 30 min overall, readiness polled from
   * every 1 s backing off to every 15 s, 3 attempts per notifier of at most 10 s each with backoff
   * from 1 s to 30 s, and a zero-downtime scale-down that keeps one replica of the failing version
   * serving until traffic has shifted ({@code ScaleDown.keepFloor(1)}; {@code ScaleDown.removeAll()} leaves the Service without
   * endpoints until the restored pods are ready).
   */
  public static RollbackPolicy ofDefaults() {
    return builder().build();
  }

  /** Returns a builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder starting from {@code policy}. */
  public static Builder builder(RollbackPolicy policy) {
    return new Builder(policy);
  }

  /** Returns the deadline of one step at {@code node}. */
  public Duration stepDeadline(Node node) {
    return stepDeadlines.getOrDefault(node, stepDeadline);
  }

  /** Returns the default step deadline. */
  public Duration defaultStepDeadline() {
    return stepDeadline;
  }

  /** Returns the per-node deadline overrides. */
  public Map<Node, Duration> stepDeadlines() {
    return stepDeadlines;
  }

  /** Returns the deadline of a whole run, from <i>Start</i> to <i>End</i>. */
  public Duration overallDeadline() {
    return overallDeadline;
  }

  /** Returns the first interval between readiness polls. */
  public Duration readinessPollInitial() {
    return readinessPollInitial;
  }

  /** Returns the longest interval between readiness polls. */
  public Duration readinessPollMax() {
    return readinessPollMax;
  }

  /** Returns how often each notifier is tried before the next one. */
  public int notifierAttempts() {
    return notifierAttempts;
  }

  /** Returns the deadline of one notification attempt. */
  public Duration notificationTimeout() {
    return notificationTimeout;
  }

  /** Returns the wait before the second attempt; it doubles up to {@link #notificationBackoffMax()}. */
  public Duration notificationBackoff() {
    return notificationBackoff;
  }

  /** Returns the longest wait between notification attempts. */
  public Duration notificationBackoffMax() {
    return notificationBackoffMax;
  }

  /** Returns how <i>Scale down new pods</i> treats the failing version. */
  public ScaleDown scaleDown() {
    return scaleDown;
  }

  /** Returns the backoff before attempt {@code attempt + 1} of a notifier (attempt 1 or more). */
  public Duration notificationBackoffAfter(int attempt) {
    return notificationBackoffs.delay(attempt);
  }

  /** Returns the longest one notification can take to go through {@code notifiers} notifiers. */
  public Duration notificationBudget(int notifiers) {
    Duration one = notificationTimeout.multipliedBy(notifierAttempts);
    for (int attempt = 1; attempt < notifierAttempts; attempt++) {
      one = one.plus(notificationBackoffAfter(attempt));
    }
    return one.multipliedBy(Math.max(1, notifiers));
  }

  /**
   * Returns the time the run keeps back at its end for the steps that must happen after a failure:
   * <i>Mark rollback failed</i> or <i>Escalate to team lead</i>, then <i>Notify on-call engineer</i>.
   * Work steps do not start once less than this remains of the overall deadline.
   */
  public Duration terminalReserve(int notifiers) {
    Duration chain = notificationBudget(notifiers);
    Duration markFailed = stepDeadline(Node.MARK_FAILED);
    return (markFailed.compareTo(chain) > 0 ? markFailed : chain).plus(chain);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RollbackPolicy p
        && stepDeadline.equals(p.stepDeadline)
        && stepDeadlines.equals(p.stepDeadlines)
        && overallDeadline.equals(p.overallDeadline)
        && readinessPollInitial.equals(p.readinessPollInitial)
        && readinessPollMax.equals(p.readinessPollMax)
        && notifierAttempts == p.notifierAttempts
        && notificationTimeout.equals(p.notificationTimeout)
        && notificationBackoff.equals(p.notificationBackoff)
        && notificationBackoffMax.equals(p.notificationBackoffMax)
        && scaleDown.equals(p.scaleDown);
  }

  @Override
  public int hashCode() {
    return Objects.hash(stepDeadline, stepDeadlines, overallDeadline, notifierAttempts, scaleDown);
  }

  @Override
  public String toString() {
    return "RollbackPolicy{stepDeadline="
        + stepDeadline
        + ", stepDeadlines="
        + stepDeadlines
        + ", overallDeadline="
        + overallDeadline
        + ", readinessPoll="
        + readinessPollInitial
        + ".."
        + readinessPollMax
        + ", notifierAttempts="
        + notifierAttempts
        + ", notificationTimeout="
        + notificationTimeout
        + ", notificationBackoff="
        + notificationBackoff
        + ".."
        + notificationBackoffMax
        + ", scaleDown="
        + scaleDown
        + "}";
  }

  /** Builds a {@link RollbackPolicy}. Not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private Duration stepDeadline = Duration.ofSeconds(30);
    private final Map<Node, Duration> stepDeadlines = new EnumMap<>(Node.class);
    private Duration overallDeadline = Duration.ofMinutes(30);
    private Duration readinessPollInitial = Duration.ofSeconds(1);
    private Duration readinessPollMax = Duration.ofSeconds(15);
    private int notifierAttempts = 3;
    private Duration notificationTimeout = Duration.ofSeconds(10);
    private Duration notificationBackoff = Duration.ofSeconds(1);
    private Duration notificationBackoffMax = Duration.ofSeconds(30);
    private ScaleDown scaleDown = ScaleDown.keepFloor(1);

    private Builder() {
      stepDeadlines.put(Node.WAIT_READY, Duration.ofMinutes(10));
      stepDeadlines.put(Node.RUN_SMOKE_TESTS, Duration.ofMinutes(5));
      // Cleanup may first wait out a delay after the traffic switch (rollback-k8s blue/green keeps
      // the failing version 30 s by default, as Argo Rollouts' scaleDownDelaySeconds does).
      stepDeadlines.put(Node.CLEANUP, Duration.ofMinutes(2));
    }

    private Builder(RollbackPolicy p) {
      stepDeadline = p.stepDeadline;
      stepDeadlines.putAll(p.stepDeadlines);
      overallDeadline = p.overallDeadline;
      readinessPollInitial = p.readinessPollInitial;
      readinessPollMax = p.readinessPollMax;
      notifierAttempts = p.notifierAttempts;
      notificationTimeout = p.notificationTimeout;
      notificationBackoff = p.notificationBackoff;
      notificationBackoffMax = p.notificationBackoffMax;
      scaleDown = p.scaleDown;
    }

    /** Sets the deadline of every step without its own; at most a year. */
    public Builder stepDeadline(Duration deadline) {
      this.stepDeadline = Objects.requireNonNull(deadline, "stepDeadline");
      return this;
    }

    /** Sets the deadline of the step at {@code node}. */
    public Builder stepDeadline(Node node, Duration deadline) {
      stepDeadlines.put(
          Objects.requireNonNull(node, "node"), Objects.requireNonNull(deadline, "stepDeadline"));
      return this;
    }

    /** Sets the deadline of a whole run. */
    public Builder overallDeadline(Duration deadline) {
      this.overallDeadline = Objects.requireNonNull(deadline, "overallDeadline");
      return this;
    }

    /** Sets the first and the longest interval between readiness polls. */
    public Builder readinessPoll(Duration initial, Duration max) {
      this.readinessPollInitial = Objects.requireNonNull(initial, "readinessPollInitial");
      this.readinessPollMax = Objects.requireNonNull(max, "readinessPollMax");
      return this;
    }

    /** Sets how often each notifier is tried. */
    public Builder notifierAttempts(int attempts) {
      this.notifierAttempts = attempts;
      return this;
    }

    /** Sets the deadline of one notification attempt. */
    public Builder notificationTimeout(Duration timeout) {
      this.notificationTimeout = Objects.requireNonNull(timeout, "notificationTimeout");
      return this;
    }

    /** Sets the first and the longest wait between notification attempts. */
    public Builder notificationBackoff(Duration initial, Duration max) {
      this.notificationBackoff = Objects.requireNonNull(initial, "notificationBackoff");
      this.notificationBackoffMax = Objects.requireNonNull(max, "notificationBackoffMax");
      return this;
    }

    /** Sets how <i>Scale down new pods</i> treats the failing version. */
    public Builder scaleDown(ScaleDown scaleDown) {
      this.scaleDown = Objects.requireNonNull(scaleDown, "scaleDown");
      return this;
    }

    /**
     * Returns the policy.
     *
     * @throws InvalidConfigurationException listing every impossible value
     */
    public RollbackPolicy build() {
      ConfigProblems problems = ConfigProblems.of("RollbackPolicy");
      problems.within("stepDeadline", stepDeadline);
      stepDeadlines.forEach((node, d) -> problems.within("stepDeadline(" + node + ")", d));
      boolean overallOk = problems.within("overallDeadline", overallDeadline);
      boolean pollOk = problems.within("readinessPollInitial", readinessPollInitial)
          & problems.within("readinessPollMax", readinessPollMax);
      if (pollOk && readinessPollMax.compareTo(readinessPollInitial) < 0) {
        problems.add(
            "readinessPollMax ("
                + readinessPollMax
                + ") must not be shorter than readinessPollInitial ("
                + readinessPollInitial
                + ")");
      }
      boolean notifyOk = (problems.atLeast("notifierAttempts", notifierAttempts, 1)
              && problems.atMost("notifierAttempts", notifierAttempts, ConfigProblems.MAX_ATTEMPTS))
          & problems.within("notificationTimeout", notificationTimeout)
          & problems.within("notificationBackoff", notificationBackoff)
          & problems.within("notificationBackoffMax", notificationBackoffMax);
      if (notifyOk && notificationBackoffMax.compareTo(notificationBackoff) < 0) {
        problems.add(
            "notificationBackoffMax ("
                + notificationBackoffMax
                + ") must not be shorter than notificationBackoff ("
                + notificationBackoff
                + ")");
        notifyOk = false;
      }
      Duration markFailed = stepDeadlines.getOrDefault(Node.MARK_FAILED, stepDeadline);
      if (overallOk && notifyOk && !markFailed.isNegative() && !markFailed.isZero()
          && markFailed.compareTo(ConfigProblems.MAX_DURATION) <= 0) {
        // Checked whenever the settings it rests on are valid, so that it is reported with the rest.
        RollbackPolicy candidate = new RollbackPolicy(this);
        Duration reserve = candidate.terminalReserve(1).plus(candidate.notificationBudget(1));
        if (overallDeadline.compareTo(reserve) <= 0) {
          problems.add(
              "overallDeadline ("
                  + overallDeadline
                  + ") must be longer than the "
                  + reserve
                  + " that the rollback alert, Mark rollback failed or Escalate to team lead, and"
                  + " the final notification may take with one notifier");
        }
      }
      problems.throwIfAny();
      return new RollbackPolicy(this);
    }
  }
}
