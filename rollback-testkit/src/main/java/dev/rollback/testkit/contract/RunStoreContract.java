package dev.rollback.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.RunId;
import dev.rollback.spi.RunRecord;
import dev.rollback.spi.RunStore;
import dev.rollback.spi.RunStoreConflictException;
import dev.rollback.spi.StoredRun;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link RunStore}: documents come back verbatim, writes are compare-and-set on
 * the revision so two writers cannot both win, and only unfinished runs are listed.
 */
public abstract class RunStoreContract {

  /** Returns a fresh, empty store. */
  protected abstract RunStore store() throws Exception;

  /** Returns the deployment the fixture's runs belong to (it must exist where the store needs it). */
  protected DeploymentRef deployment() {
    return DeploymentRef.of("contract", "shop", "checkout");
  }

  private RunRecord record(String runId, boolean finished, String document) {
    return new RunRecord(RunId.of(runId), deployment(), finished, document);
  }

  @Test
  void aSavedDocumentComesBackVerbatimWithItsRevision() throws Exception {
    RunStore store = store();
    String document = "{\"schemaVersion\":1,\"detail\":\"quotes \\\" and unicode \u00e9 \u2192\"}";
    String revision = store.save(record("contract-run-a", false, document), null);
    StoredRun stored = store.load(RunId.of("contract-run-a")).orElseThrow();
    assertEquals(document, stored.record().document());
    assertEquals(revision, stored.revision());
    assertEquals(deployment(), stored.record().deployment());
  }

  @Test
  void aWriteWithAStaleRevisionLoses() throws Exception {
    RunStore store = store();
    String first = store.save(record("contract-run-b", false, "{\"v\":1}"), null);
    String second = store.save(record("contract-run-b", false, "{\"v\":2}"), first);
    assertNotEquals(first, second, "every write makes a new revision");
    assertThrows(RunStoreConflictException.class,
        () -> store.save(record("contract-run-b", false, "{\"v\":3}"), first), "a writer that read revision 1 lost");
    assertThrows(RunStoreConflictException.class,
        () -> store.save(record("contract-run-b", false, "{\"v\":4}"), null), "creating an existing run");
    assertEquals("{\"v\":2}", store.load(RunId.of("contract-run-b")).orElseThrow().record().document());
  }

  @Test
  void onlyUnfinishedRunsAreListed() throws Exception {
    RunStore store = store();
    String open = store.save(record("contract-run-c", false, "{\"v\":1}"), null);
    store.save(record("contract-run-d", false, "{\"v\":1}"), null);
    store.save(record("contract-run-c", true, "{\"v\":2}"), open);
    List<StoredRun> unfinished = store.unfinished();
    assertEquals(List.of(RunId.of("contract-run-d")), unfinished.stream().map(s -> s.record().runId()).toList());
    assertFalse(store.load(RunId.of("contract-run-c")).orElseThrow().record().document().isEmpty());
    assertTrue(store.load(RunId.of("contract-run-e")).isEmpty(), "an unknown run is empty, not a throw");
  }
}
