package dev.rollback.micrometer.internal;

import dev.rollback.core.Finding;
import dev.rollback.core.JournalEntry;
import dev.rollback.core.Node;
import dev.rollback.core.NotificationRecord;
import dev.rollback.core.PublicationRecord;
import dev.rollback.core.RunEvent;
import dev.rollback.core.RunResult;
import dev.rollback.core.StepResult;
import dev.rollback.core.Trigger;
import dev.rollback.spi.RunId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters of runs, from the engine's {@link RunEvent}s. Every duration is the engine's own (the
 * journal's times, on the engine's scheduler clock), so the meters agree with the run's result and
 * postmortem, and run on virtual time in tests. Tags are low-cardinality only: no run id, version
 * or deployment. Thread-safe; the events of one run arrive in order.
 */
final class RunMeters {
  static final String RUNS_STARTED = "rollback.runs.started";
  static final String RUNS_RESUMED = "rollback.runs.resumed";
  static final String RUNS_ENDED = "rollback.runs.ended";
  static final String RUNS_STOPPED = "rollback.runs.stopped";
  static final String RUNS_ACTIVE = "rollback.runs.active";
  static final String RUN_DURATION = "rollback.run.duration";
  static final String STEP_DURATION = "rollback.step.duration";
  static final String DETECTION_LATENCY = "rollback.detection.latency";
  static final String TRAFFIC_RESTORE_LATENCY = "rollback.traffic.restore.latency";
  static final String NOTIFICATION_ATTEMPTS = "rollback.notification.attempts";
  static final String NOTIFICATION_FAILURES = "rollback.notification.failures";
  static final String POSTMORTEM_PUBLISHED = "rollback.postmortem.published";
  static final String POSTMORTEM_FAILURES = "rollback.postmortem.failures";
  static final String LEASES_LOST = "rollback.leases.lost";

  private final MeterRegistry registry;
  /** The runs in progress here, each with the finding that triggered it, if a detector did. */
  private final Map<RunId, InProgress> inProgress = new ConcurrentHashMap<>();

  private record InProgress(Trigger trigger) {}

  RunMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Registers the gauge of runs in progress; the counters and timers appear as they are first used. */
  void bind() {
    Gauge.builder(RUNS_ACTIVE, inProgress, Map::size)
        .description("Runs in progress in the engines bound to this registry")
        .register(registry);
  }

  void on(RunEvent event) {
    if (event instanceof RunEvent.RunStarted started) {
      runStarted(started);
    } else if (event instanceof RunEvent.RunResumed resumed) {
      inProgress.put(resumed.runId(), new InProgress(resumed.trigger()));
      Counter.builder(RUNS_RESUMED)
          .description("Runs this engine resumed from the run store, by the node they were resumed at")
          .tag("node", resumed.resumption().node().name())
          .register(registry)
          .increment();
    } else if (event instanceof RunEvent.StepFinished finished) {
      stepFinished(finished);
    } else if (event instanceof RunEvent.NotificationAttempted attempted) {
      notificationAttempted(attempted.record());
    } else if (event instanceof RunEvent.RunFinished finished) {
      inProgress.remove(finished.runId());
      runFinished(finished.result());
    } else if (event instanceof RunEvent.LeaseLost) {
      Counter.builder(LEASES_LOST)
          .description("Leases on a deployment this engine lost mid-run")
          .register(registry)
          .increment();
    } else if (event instanceof RunEvent.RunStopped stopped) {
      if (inProgress.remove(stopped.runId()) != null) {
        Counter.builder(RUNS_STOPPED)
            .description("Runs that stopped in this engine without reaching End (lease lost, engine closed)")
            .register(registry)
            .increment();
      }
    }
    // StepStarted: a step's meter is recorded when it finishes, with its journal entry.
  }

  private void runStarted(RunEvent.RunStarted started) {
    inProgress.put(started.runId(), new InProgress(started.trigger()));
    Counter.builder(RUNS_STARTED)
        .description("Runs started, by what triggered them")
        .tag("trigger", TagValues.trigger(started.trigger()))
        .register(registry)
        .increment();
    if (started.trigger() instanceof Trigger.Detected detected) {
      Finding finding = detected.finding();
      timer(DETECTION_LATENCY, "Time from the first bad sample to the detector's finding", "detector",
          finding.detector())
          .record(Duration.between(finding.anomalyStart(), finding.detectedAt()));
    }
  }

  private void stepFinished(RunEvent.StepFinished finished) {
    JournalEntry entry = finished.entry();
    timer(STEP_DURATION, "Time a step of the workflow took, by node, lane and result",
        "node", entry.node().name(), "lane", entry.lane().name(), "result", entry.result().name())
        .record(entry.duration());
    InProgress run = inProgress.get(finished.runId());
    if (entry.node() == Node.UPDATE_SELECTOR && entry.result() == StepResult.DONE && run != null
        && run.trigger() instanceof Trigger.Detected detected) {
      Duration restored = Duration.between(detected.finding().detectedAt(), entry.end());
      if (!restored.isNegative()) { // replicas' clocks may disagree; a negative time would be a lie
        timer(TRAFFIC_RESTORE_LATENCY,
            "Time from the detector's finding to traffic going to the previous version again", "detector",
            detected.finding().detector())
            .record(restored);
      }
    }
  }

  private void notificationAttempted(NotificationRecord record) {
    String[] tags = {
      "notifier", record.notifier(), "audience", record.audience().name(), "kind", record.kind().name()
    };
    Counter.builder(NOTIFICATION_ATTEMPTS)
        .description("Attempts to deliver a notification; notifier \"log\" is the ERROR log after every notifier failed")
        .tags(tags)
        .register(registry)
        .increment();
    if (!record.delivered()) {
      Counter.builder(NOTIFICATION_FAILURES)
          .description("Notification attempts that were not delivered")
          .tags(tags)
          .register(registry)
          .increment();
    }
  }

  private void runFinished(RunResult result) {
    String outcome = result.outcome().name();
    Counter.builder(RUNS_ENDED)
        .description("Runs that reached End, by outcome")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
    timer(RUN_DURATION, "Time from a run's start to its End, by outcome", "outcome", outcome)
        .record(result.duration());
    for (PublicationRecord publication : result.publications()) {
      Counter.builder(publication.published() ? POSTMORTEM_PUBLISHED : POSTMORTEM_FAILURES)
          .description(publication.published()
              ? "Postmortems published, by publisher"
              : "Failed attempts to publish a postmortem; publisher \"log\" is the ERROR log after every publisher failed")
          .tag("publisher", publication.publisher())
          .register(registry)
          .increment();
    }
  }

  private Timer timer(String name, String description, String... tags) {
    return Timer.builder(name).description(description).tags(tags).register(registry);
  }
}
