package dev.rollback.spi;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the state of runs so that a run survives the death of the process running it: the engine
 * writes a run's record before and after every step, and any process can resume an unfinished run
 * from it.
 *
 * <p>Writes are compare-and-set on a revision, so two writers can never both win: {@link #save}
 * succeeds only if the stored revision is the one the writer last saw. Thread-safe; calls may
 * block.
 */
public interface RunStore {

  /**
   * Writes {@code record} if the stored revision of its run is {@code expectedRevision} (null: the
   * run must not be stored yet).
   *
   * @return the new revision
   * @throws RunStoreConflictException if the stored revision differs
   * @throws InterruptedException if interrupted while waiting
   */
  String save(RunRecord record, @Nullable String expectedRevision) throws InterruptedException;

  /**
   * Returns the stored run, if there is one.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  Optional<StoredRun> load(RunId runId) throws InterruptedException;

  /**
   * Returns every stored run that has not finished, oldest first.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  List<StoredRun> unfinished() throws InterruptedException;
}
