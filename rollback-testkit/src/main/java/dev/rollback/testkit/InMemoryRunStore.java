package dev.rollback.testkit;

import dev.rollback.core.Node;
import dev.rollback.spi.RunId;
import dev.rollback.spi.RunRecord;
import dev.rollback.spi.RunStore;
import dev.rollback.spi.RunStoreConflictException;
import dev.rollback.spi.StoredRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RunStore} in memory with compare-and-set revisions, that can simulate the death of the
 * engine's process at a chosen point ({@link #crashBefore}, {@link #crashAfter}). Thread-safe.
 */
public final class InMemoryRunStore implements RunStore {
  private static final Pattern NEXT = Pattern.compile("\"next\":\"([A-Z_]+)\"");

  private final Map<RunId, StoredRun> runs = new LinkedHashMap<>();
  private long revisions;
  private int saves;
  private @Nullable Crash crash;
  private final @Nullable Script script;

  private record Crash(Node node, boolean persistFirst, CrashableScheduler process) {}

  private InMemoryRunStore(@Nullable Script script) {
    this.script = script;
  }

  /** Returns an empty store. */
  public static InMemoryRunStore create() {
    return new InMemoryRunStore(null);
  }

  /**
   * Returns an empty store whose every {@code save} follows {@code script} under {@link Op#SAVE}:
   * it may throw, hang, answer slowly or answer malformed data instead of saving.
   */
  public static InMemoryRunStore following(Script script) {
    return new InMemoryRunStore(Objects.requireNonNull(script, "script"));
  }

  /**
   * Kills {@code process} when a run is saved with {@code node} as its next step, after the save
   * landed: the process dies before {@code node} starts.
   */
  public synchronized InMemoryRunStore crashBefore(Node node, CrashableScheduler process) {
    this.crash = new Crash(node, true, process);
    return this;
  }

  /**
   * Kills {@code process} when it tries to save a run whose next step follows {@code node}, before
   * that save lands: {@code node} took effect but the store never heard, so the resumed run
   * repeats it.
   */
  public synchronized InMemoryRunStore crashAfter(Node node, CrashableScheduler process) {
    this.crash = new Crash(node, false, process);
    return this;
  }

  /** Returns how many saves succeeded. */
  public synchronized int saves() {
    return saves;
  }

  @Override
  public String save(RunRecord record, @Nullable String expectedRevision) throws InterruptedException {
    Objects.requireNonNull(record, "record");
    Script s = script;
    if (s == null) {
      return write(record, expectedRevision);
    }
    String revision = s.perform(Op.SAVE, record.runId() + " next " + next(record),
        () -> write(record, expectedRevision), null, () -> Script.invalid(Op.SAVE));
    return Objects.requireNonNull(revision, "the scripted save answered no revision");
  }

  private synchronized String write(RunRecord record, @Nullable String expectedRevision) {
    Crash c = crash;
    Node next = next(record);
    if (c != null && !c.persistFirst() && c.process().alive() && previousNode(record.runId()) == c.node()) {
      crash = null;
      c.process().crash();
      throw new IllegalStateException("the process died before this save landed");
    }
    StoredRun current = runs.get(record.runId());
    String currentRevision = current == null ? null : current.revision();
    if (!Objects.equals(currentRevision, expectedRevision)) {
      throw new RunStoreConflictException(record.runId(),
          "expected revision " + expectedRevision + " but the store has " + currentRevision);
    }
    String revision = Long.toString(++revisions);
    runs.put(record.runId(), new StoredRun(record, revision));
    saves++;
    if (c != null && c.persistFirst() && next == c.node() && c.process().alive()) {
      crash = null;
      c.process().crash();
    }
    return revision;
  }

  private @Nullable Node previousNode(RunId runId) {
    StoredRun stored = runs.get(runId);
    return stored == null ? null : next(stored.record());
  }

  private static @Nullable Node next(RunRecord record) {
    Matcher m = NEXT.matcher(record.document());
    return m.find() ? Node.valueOf(m.group(1)) : null;
  }

  @Override
  public synchronized Optional<StoredRun> load(RunId runId) {
    return Optional.ofNullable(runs.get(runId));
  }

  @Override
  public synchronized List<StoredRun> unfinished() {
    List<StoredRun> out = new ArrayList<>();
    runs.values().stream().filter(r -> !r.record().finished()).forEach(out::add);
    return out;
  }
}
