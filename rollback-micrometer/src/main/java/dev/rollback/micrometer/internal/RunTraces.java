package dev.rollback.micrometer.internal;

import dev.rollback.core.JournalEntry;
import dev.rollback.core.RunEvent;
import dev.rollback.core.StepResult;
import dev.rollback.core.Trigger;
import dev.rollback.spi.RunId;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The observations of runs, from the engine's {@link RunEvent}s: one {@value #RUN} observation per
 * run in this engine, from {@link RunEvent.RunStarted} (or {@link RunEvent.RunResumed}) to {@link
 * RunEvent.RunFinished} (or {@link RunEvent.RunStopped}), and a child {@value #STEP} observation
 * per step, named after the node's label. With micrometer-tracing they are a trace per run with a
 * span per step; with a meter handler, timers {@code rollback.run} and {@code rollback.step}
 * measured in real time.
 *
 * <p>Low-cardinality keys, the same set on every observation of a name: {@code trigger}, {@code
 * resumed} and {@code outcome} (a {@link dev.rollback.spi.RunOutcome}, or {@value #STOPPED}) on
 * runs; {@code node}, {@code lane} and {@code result} (a {@link StepResult}, or {@value #STOPPED})
 * on steps. High-cardinality keys: {@value #RUN_ID} and {@value #DEPLOYMENT} on runs, and {@value
 * #STOP_REASON} on a stopped run. A failed step carries its failure as the observation's error.
 * Thread-safe; the events of one run arrive in order.
 */
final class RunTraces {
  static final String RUN = "rollback.run";
  static final String STEP = "rollback.step";
  static final String RUN_ID = "rollback.run.id";
  static final String DEPLOYMENT = "rollback.deployment";
  static final String STOP_REASON = "rollback.stop.reason";
  static final String STOPPED = "STOPPED";
  /** The name of the event on a run's observation when its engine lost the lease. */
  static final String LEASE_LOST = "lease.lost";

  private final ObservationRegistry registry;
  private final Map<RunId, Trace> traces = new ConcurrentHashMap<>();

  /** The open observations of one run. */
  private static final class Trace {
    final Observation run;
    volatile @Nullable Observation step;

    Trace(Observation run) {
      this.run = run;
    }
  }

  RunTraces(ObservationRegistry registry) {
    this.registry = registry;
  }

  void on(RunEvent event) {
    if (event instanceof RunEvent.RunStarted started) {
      begin(started, started.trigger(), false);
    } else if (event instanceof RunEvent.RunResumed resumed) {
      begin(resumed, resumed.trigger(), true);
    } else if (event instanceof RunEvent.StepStarted started) {
      stepStarted(started);
    } else if (event instanceof RunEvent.StepFinished finished) {
      stepFinished(finished.runId(), finished.entry());
    } else if (event instanceof RunEvent.LeaseLost lost) {
      Trace trace = traces.get(lost.runId());
      if (trace != null) {
        trace.run.event(Observation.Event.of(LEASE_LOST, "lost the lease: " + lost.reason()));
      }
    } else if (event instanceof RunEvent.RunFinished finished) {
      end(finished.runId(), finished.result().outcome().name(), null);
    } else if (event instanceof RunEvent.RunStopped stopped) {
      end(stopped.runId(), STOPPED, stopped.reason());
    }
    // NotificationAttempted: the step that sent it is the span; attempts are counted by the meters.
  }

  private void begin(RunEvent event, Trigger trigger, boolean resumed) {
    Observation run = Observation.createNotStarted(RUN, registry)
        .contextualName("rollback run")
        .lowCardinalityKeyValue("trigger", TagValues.trigger(trigger))
        .lowCardinalityKeyValue("resumed", Boolean.toString(resumed))
        .highCardinalityKeyValue(RUN_ID, event.runId().value())
        .highCardinalityKeyValue(DEPLOYMENT, event.deployment().toString());
    Trace previous = traces.put(event.runId(), new Trace(run));
    if (previous != null) { // the run's earlier life here never told its end: close it, do not leak it
      close(previous, STOPPED, "resumed again before it ended");
    }
    run.start();
  }

  private void stepStarted(RunEvent.StepStarted started) {
    Trace trace = traces.get(started.runId());
    if (trace == null) {
      return;
    }
    Observation open = trace.step;
    if (open != null) { // never happens with the seed workflow's events; kept so no span stays open
      trace.step = null;
      open.lowCardinalityKeyValue("result", STOPPED).stop();
    }
    Observation step = Observation.createNotStarted(STEP, registry)
        .contextualName(started.node().label())
        .parentObservation(trace.run)
        .lowCardinalityKeyValue("node", started.node().name())
        .lowCardinalityKeyValue("lane", started.node().lane().name());
    trace.step = step;
    step.start();
  }

  private void stepFinished(RunId runId, JournalEntry entry) {
    Trace trace = traces.get(runId);
    if (trace == null) {
      return;
    }
    Observation step = trace.step;
    if (step == null) {
      return;
    }
    trace.step = null;
    step.lowCardinalityKeyValue("result", entry.result().name());
    if (entry.result() == StepResult.FAILED) {
      step.error(new StepFailedException(entry));
    }
    step.stop();
  }

  private void end(RunId runId, String outcome, @Nullable String stopReason) {
    Trace trace = traces.remove(runId);
    if (trace != null) {
      close(trace, outcome, stopReason);
    }
  }

  private static void close(Trace trace, String outcome, @Nullable String stopReason) {
    Observation step = trace.step;
    trace.step = null;
    try {
      if (step != null) {
        step.lowCardinalityKeyValue("result", STOPPED).stop();
      }
    } finally { // a handler that throws on the step must not leave the run's span open
      trace.run.lowCardinalityKeyValue("outcome", outcome);
      if (stopReason != null) {
        trace.run.highCardinalityKeyValue(STOP_REASON, stopReason);
      }
      trace.run.stop();
    }
  }
}
