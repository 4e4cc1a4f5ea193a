package dev.rollback.testkit;

import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.MonitorState;
import dev.rollback.spi.MonitorStateConflictException;
import dev.rollback.spi.MonitorStateStore;
import dev.rollback.spi.StoredMonitorState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MonitorStateStore} in memory with compare-and-set revisions, shared by the monitors of a
 * test as a real store is shared by replicas; it can be made to fail ({@link #failing}) to show what
 * a monitor does when its store is down. Thread-safe.
 */
public final class InMemoryMonitorStateStore implements MonitorStateStore {
  private final Map<DeploymentRef, StoredMonitorState> states = new LinkedHashMap<>();
  private long revisions;
  private int saves;
  private @Nullable RuntimeException failure;

  private InMemoryMonitorStateStore() {}

  /** Returns an empty store. */
  public static InMemoryMonitorStateStore create() {
    return new InMemoryMonitorStateStore();
  }

  /** Makes every later call throw {@code failure} (null: work again). */
  public synchronized InMemoryMonitorStateStore failing(@Nullable RuntimeException failure) {
    this.failure = failure;
    return this;
  }

  /** Returns how many saves wrote a new revision. */
  public synchronized int saves() {
    return saves;
  }

  /** Returns the stored state of {@code deployment}, or null; for assertions. */
  public synchronized @Nullable MonitorState state(DeploymentRef deployment) {
    StoredMonitorState stored = states.get(deployment);
    return stored == null ? null : stored.state();
  }

  @Override
  public synchronized String save(MonitorState state, @Nullable String expectedRevision) {
    Objects.requireNonNull(state, "state");
    failIfAsked();
    StoredMonitorState current = states.get(state.deployment());
    if (current != null && current.state().equals(state)) {
      return current.revision();
    }
    String currentRevision = current == null ? null : current.revision();
    if (!Objects.equals(currentRevision, expectedRevision)) {
      throw new MonitorStateConflictException(state.deployment(),
          "expected revision " + expectedRevision + " but the store has " + currentRevision);
    }
    String revision = Long.toString(++revisions);
    states.put(state.deployment(), new StoredMonitorState(state, revision));
    saves++;
    return revision;
  }

  @Override
  public synchronized Optional<StoredMonitorState> load(DeploymentRef deployment) {
    failIfAsked();
    return Optional.ofNullable(states.get(Objects.requireNonNull(deployment, "deployment")));
  }

  @Override
  public synchronized List<StoredMonitorState> watched() {
    failIfAsked();
    List<StoredMonitorState> out = new ArrayList<>();
    states.values().stream().filter(s -> s.state().watched() != null).forEach(out::add);
    return out;
  }

  private void failIfAsked() {
    RuntimeException f = failure;
    if (f != null) {
      throw f;
    }
  }
}
