package dev.rollback.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.MonitorState;
import dev.rollback.spi.MonitorStateConflictException;
import dev.rollback.spi.MonitorStateStore;
import dev.rollback.spi.RollbackTarget;
import dev.rollback.spi.StoredMonitorState;
import dev.rollback.spi.WatchedRelease;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link MonitorStateStore}: states come back equal, with times to the
 * microsecond; writes are compare-and-set per deployment so that of writers of one revision exactly
 * one wins with another state; saving the stored state again is no conflict; and only deployments
 * that judge a release are listed as watched.
 */
public abstract class MonitorStateStoreContract {
  /** A time with microseconds, as every store must keep them. */
  protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456Z");

  /** Returns a fresh, empty store. */
  protected abstract MonitorStateStore store() throws Exception;

  /** Returns a deployment of the fixture. */
  protected DeploymentRef deployment(String name) {
    return DeploymentRef.of("contract", "shop", name);
  }

  private MonitorState full(String name) {
    return new MonitorState(deployment(name),
        new WatchedRelease("v2 \"quoted\" \u00e9", T0, T0.plusSeconds(5), T0.plusSeconds(7200), true),
        T0.minusSeconds(60), new RollbackTarget("v1", T0.minusSeconds(30)));
  }

  @Test
  void aSavedStateComesBackEqualWithItsRevision() throws Exception {
    MonitorStateStore store = store();
    MonitorState state = full("checkout");
    String revision = store.save(state, null);
    StoredMonitorState stored = store.load(deployment("checkout")).orElseThrow();
    assertEquals(state, stored.state());
    assertEquals(revision, stored.revision());
    MonitorState bare = new MonitorState(deployment("cart"), new WatchedRelease(null, T0, T0, T0, false), null, null);
    store.save(bare, null);
    assertEquals(bare, store.load(deployment("cart")).orElseThrow().state(), "absent fields stay absent");
    assertTrue(store.load(deployment("unknown")).isEmpty(), "an unknown deployment is empty, not a throw");
  }

  @Test
  void aWriteWithAStaleRevisionLosesAndTheSameStateAgainIsNoConflict() throws Exception {
    MonitorStateStore store = store();
    MonitorState first = MonitorState.empty(deployment("checkout")).withLastRunStartedAt(T0);
    String r1 = store.save(first, null);
    MonitorState second = first.withRollbackTarget(new RollbackTarget("v1", T0.plusSeconds(1)));
    String r2 = store.save(second, r1);
    assertNotEquals(r1, r2, "every write makes a new revision");
    assertThrows(MonitorStateConflictException.class, () -> store.save(first.withLastRunStartedAt(T0.plusSeconds(9)), r1),
        "a writer that read revision 1 lost");
    assertThrows(MonitorStateConflictException.class, () -> store.save(MonitorState.empty(deployment("checkout")), null),
        "creating an existing state");
    assertEquals(r2, store.save(second, r1), "the stored state saved again: its answer was lost, or all agree");
    assertEquals(second, store.load(deployment("checkout")).orElseThrow().state());
  }

  @Test
  void onlyDeploymentsJudgingAReleaseAreListedAsWatched() throws Exception {
    MonitorStateStore store = store();
    String a = store.save(full("a"), null);
    store.save(full("b"), null);
    store.save(MonitorState.empty(deployment("c")).withLastRunStartedAt(T0), null);
    store.save(full("a").withWatched(null), a);
    assertEquals(Set.of(deployment("b")), store.watched().stream().map(s -> s.state().deployment())
        .collect(Collectors.toSet()));
    assertEquals(full("b"), store.watched().get(0).state());
  }

  @Test
  void ofWritersRacingOnOneRevisionExactlyOneWins() throws Exception {
    MonitorStateStore store = store();
    String base = store.save(MonitorState.empty(deployment("checkout")), null);
    int writers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Callable<Boolean>> attempts = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        MonitorState mine = MonitorState.empty(deployment("checkout")).withLastRunStartedAt(T0.plusSeconds(i));
        attempts.add(() -> {
          try {
            store.save(mine, base);
            return true;
          } catch (MonitorStateConflictException lost) {
            return false;
          }
        });
      }
      int winners = 0;
      for (Future<Boolean> f : pool.invokeAll(attempts)) {
        winners += f.get() ? 1 : 0;
      }
      assertEquals(1, winners, "exactly one writer of revision " + base + " won");
    } finally {
      pool.shutdownNow();
    }
  }
}
