package dev.rollback.core.internal;

import dev.rollback.spi.RunStore;
import dev.rollback.spi.StoredRun;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** Reads a {@link RunStore} off the scheduler thread. */
public final class StoreQueries {
  private StoreQueries() {}

  /** Lists the unfinished runs; hands them, or the failure, to the callbacks on the scheduler. */
  public static void unfinished(
      EngineRuntime rt, RunStore store, Duration timeout, Consumer<List<StoredRun>> then, Consumer<String> failed) {
    rt.invoker.<List<StoredRun>>call("RunStore.unfinished", store::unfinished,
        rt.scheduler.clock().instant().plus(timeout), outcome -> {
          if (outcome instanceof CallOutcome.Answered<List<StoredRun>> answered) {
            then.accept(List.copyOf(answered.value()));
          } else {
            failed.accept(((CallOutcome.Failed<List<StoredRun>>) outcome).message());
          }
        });
  }
}
