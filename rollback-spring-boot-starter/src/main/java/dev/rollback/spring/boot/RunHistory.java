package dev.rollback.spring.boot;

import dev.rollback.core.JournalEntry;
import dev.rollback.core.Node;
import dev.rollback.core.RunEvent;
import dev.rollback.core.RunListener;
import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.RunId;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Keeps what the engine's runs did, from their events: the runs in progress with their journal so
 * far, and the last {@code capacity} results, newest first. The Actuator endpoint reads it.
 * Thread-safe; its methods return snapshots.
 */
public final class RunHistory implements RunListener {

  /**
   * A run in progress.
   *
   * @param runId the run
   * @param deployment what it rolls back
   * @param trigger what started it
   * @param startedAt when it started (or was resumed in this engine)
   * @param currentStep the step it is in, if one has started
   * @param journal the steps it finished, in order
   */
  public record ActiveRun(
      RunId runId, DeploymentRef deployment, Trigger trigger, Instant startedAt,
      @Nullable Node currentStep, List<JournalEntry> journal) {
    /** Copies the journal. */
    public ActiveRun {
      journal = List.copyOf(journal);
    }
  }

  private final int capacity;
  private final Map<RunId, ActiveRun> active = new LinkedHashMap<>();
  private final Deque<RunResult> finished = new ArrayDeque<>();

  private RunHistory(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Returns a history that keeps the last {@code capacity} results.
   *
   * @throws IllegalArgumentException if {@code capacity} is negative
   */
  public static RunHistory keeping(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0 but was " + capacity);
    }
    return new RunHistory(capacity);
  }

  @Override
  public synchronized void onEvent(RunEvent event) {
    // Java 17: no pattern matching for switch; the events that change nothing here are skipped.
    if (event instanceof RunEvent.RunStarted e) {
      active.put(e.runId(), new ActiveRun(e.runId(), e.deployment(), e.trigger(), e.at(), null, List.of()));
    } else if (event instanceof RunEvent.RunResumed e) {
      active.put(e.runId(),
          new ActiveRun(e.runId(), e.deployment(), e.trigger(), e.resumption().resumedAt(), null, List.of()));
    } else if (event instanceof RunEvent.StepStarted e) {
      active.computeIfPresent(e.runId(), (id, run) ->
          new ActiveRun(id, run.deployment(), run.trigger(), run.startedAt(), e.node(), run.journal()));
    } else if (event instanceof RunEvent.StepFinished e) {
      active.computeIfPresent(e.runId(), (id, run) -> {
        List<JournalEntry> journal = new ArrayList<>(run.journal());
        journal.add(e.entry());
        return new ActiveRun(id, run.deployment(), run.trigger(), run.startedAt(), run.currentStep(), journal);
      });
    } else if (event instanceof RunEvent.RunFinished e) {
      active.remove(e.runId());
      finished.addFirst(e.result());
      while (finished.size() > capacity) {
        finished.removeLast();
      }
    } else if (event instanceof RunEvent.RunStopped e) {
      active.remove(e.runId());
    }
  }

  /** Returns the runs in progress, oldest first. */
  public synchronized List<ActiveRun> inProgress() {
    return List.copyOf(active.values());
  }

  /** Returns the last results, newest first. */
  public synchronized List<RunResult> recent() {
    return List.copyOf(finished);
  }

  /** Returns the run in progress with id {@code runId}, if there is one. */
  public synchronized Optional<ActiveRun> active(RunId runId) {
    return Optional.ofNullable(active.get(runId));
  }

  /** Returns the kept result of run {@code runId}, if there is one. */
  public synchronized Optional<RunResult> result(RunId runId) {
    return finished.stream().filter(r -> r.runId().equals(runId)).findFirst();
  }
}
