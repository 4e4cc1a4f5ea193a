package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.RunResult;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.spi.DeploymentLock;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.RunId;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.RunRecord;
import dev.rollback.spi.RunStore;
import dev.rollback.spi.StoredRun;
import dev.rollback.testkit.InMemoryDeploymentLock;
import dev.rollback.testkit.InMemoryRunStore;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Measures what durability costs on the real control plane (a measurement that prints a table, not a
 * timed assertion): API requests and time added per run and per step by the run store and the
 * lock, for no durability, the in-memory store and lock, and the ConfigMap store and Lease lock;
 * and the time from a holder's death to another replica resuming its run.
 */
class DurabilityCostTest {

  /** Counts calls and the time spent in them. */
  static final class Meter {
    final AtomicLong calls = new AtomicLong();
    final AtomicLong nanos = new AtomicLong();

    <T> T time(Call<T> call) throws InterruptedException {
      long start = System.nanoTime();
      try {
        return call.run();
      } finally {
        calls.incrementAndGet();
        nanos.addAndGet(System.nanoTime() - start);
      }
    }

    double meanMillis() {
      return calls.get() == 0 ? 0 : nanos.get() / 1e6 / calls.get();
    }
  }

  interface Call<T> {
    T run() throws InterruptedException;
  }

  record Timed(RunStore store, DeploymentLock lock, Meter saves, Meter leases) implements RunStore, DeploymentLock {
    @Override
    public String save(RunRecord record, @Nullable String expectedRevision) throws InterruptedException {
      return saves.time(() -> store.save(record, expectedRevision));
    }

    @Override
    public Optional<StoredRun> load(RunId runId) throws InterruptedException {
      return store.load(runId);
    }

    @Override
    public List<StoredRun> unfinished() throws InterruptedException {
      return store.unfinished();
    }

    @Override
    public boolean tryAcquire(DeploymentRef deployment, String holder, Duration leaseDuration) throws InterruptedException {
      return leases.time(() -> lock.tryAcquire(deployment, holder, leaseDuration));
    }

    @Override
    public void release(DeploymentRef deployment, String holder) throws InterruptedException {
      leases.time(() -> {
        lock.release(deployment, holder);
        return null;
      });
    }
  }

  record Row(String setup, int steps, long adapterRequests, long storeRequests, long leaseRequests,
      long saves, double saveMillis, double leaseMillis, Duration runTime, long sweepRequests) {}

  @Test
  void printsWhatDurabilityCosts() throws Exception {
    List<Row> rows = new ArrayList<>();
    rows.add(run("none", null));
    rows.add(run("in-memory store + lock", (c, ns) -> new Timed(InMemoryRunStore.create(),
        InMemoryDeploymentLock.create(Clock.systemUTC()), new Meter(), new Meter())));
    rows.add(run("ConfigMap store + Lease lock", (c, ns) -> {
      KubernetesAdapters k8s = KubernetesAdapters.create(c, WorkflowTest.config(RolloutShape.BLUE_GREEN));
      return new Timed(k8s.runStore(ns), k8s.deploymentLock(ns), new Meter(), new Meter());
    }));
    List<Duration> takeovers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      try (Replicas replicas = new Replicas(RolloutShape.BLUE_GREEN, DurableRunsOnClusterTest.LEASE)) {
        takeovers.add(DurableRunsOnClusterTest.dieBeforeSelectorAndTakeOver(replicas).afterDeath());
      }
    }

    StringBuilder out = new StringBuilder("\nDurability cost, blue/green rollback that succeeds, real kube-apiserver v1.35.4 on loopback\n");
    out.append(String.format(Locale.ROOT, "%-30s %5s %9s %9s %9s %6s %9s %9s %8s%n", "setup", "steps",
        "adapter", "store", "lease", "saves", "save ms", "lease ms", "run ms"));
    for (Row r : rows) {
      out.append(String.format(Locale.ROOT, "%-30s %5d %9d %9d %9d %6d %9.2f %9.2f %8d%n", r.setup(), r.steps(),
          r.adapterRequests(), r.storeRequests(), r.leaseRequests(), r.saves(), r.saveMillis(), r.leaseMillis(),
          r.runTime().toMillis()));
    }
    Row k8s = rows.get(2);
    out.append(String.format(Locale.ROOT, "ConfigMap store: %.2f API requests per step (%d store + %d lease requests, %d steps)%n",
        (k8s.storeRequests() + k8s.leaseRequests()) / (double) k8s.steps(), k8s.storeRequests(), k8s.leaseRequests(),
        k8s.steps()));
    out.append("of the store requests, the retention sweep's lists of finished runs: " + k8s.sweepRequests() + "\n");
    out.append("holder death -> another replica resumed (lease " + DurableRunsOnClusterTest.LEASE.toMillis()
        + " ms, resumeEvery 200 ms): " + takeovers.stream().map(d -> d.toMillis() + " ms").toList() + "\n");
    System.out.println(out);

    // One API request per save, no read before a write; on the real cluster the garbage collector
    // drops the owner reference of the Deployment that cleanup deletes, and a save after that
    // costs one 409 and one read more (ConfigMapRunStore), so at most two more requests in all.
    // Besides, the save that finishes the run sweeps finished runs (RetentionSweep): one list, as
    // the namespace holds fewer than a page of them.
    long saveRequests = k8s.storeRequests() - k8s.sweepRequests();
    assertTrue(saveRequests >= k8s.saves() && saveRequests <= k8s.saves() + 2,
        saveRequests + " store requests for " + k8s.saves() + " saves");
    assertEquals(1, k8s.sweepRequests(), "one retention sweep, by the finishing save");
    assertTrue(k8s.saves() >= k8s.steps(), "a save after every step");
    // Without durability the run still talks to the cluster through the adapters, and the store
    // and the lease see nothing: what the two other rows add is theirs alone.
    Row none = rows.get(0);
    assertTrue(none.adapterRequests() > 0, "the rollback's own requests: " + none);
    assertEquals(0, none.storeRequests(), "no store, no ConfigMap requests: " + none);
    assertEquals(0, none.leaseRequests(), "no lock, no Lease requests: " + none);
    assertEquals(0, none.saves(), none.toString());
  }

  interface Durability {
    Timed create(ApiClient durabilityClient, String namespace);
  }

  private Row run(String setup, @Nullable Durability durability) throws Exception {
    WorkflowTest scenario = new WorkflowTest();
    try {
      scenario.open();
      scenario.setUpFixtures(RolloutShape.BLUE_GREEN, true);
      RequestCounter adapterRequests = new RequestCounter();
      RequestCounter durabilityRequests = new RequestCounter();
      KubernetesAdapters k8s = KubernetesAdapters.create(adapterRequests.on(scenario.cluster.adapterClient()),
          WorkflowTest.config(RolloutShape.BLUE_GREEN));
      Timed timed = durability == null ? null
          : durability.create(durabilityRequests.on(scenario.cluster.adapterClient()), scenario.cluster.ns);
      RollbackEngine.Builder b = RollbackEngine.builder()
          .versionRegistry(k8s.versionRegistry())
          .clusterDriver(k8s.clusterDriver())
          .smokeTester(k8s.jobSmokeTester(WorkflowTest.smokeJob(WorkflowTest.SMOKE_OK)))
          .notifier(k8s.eventNotifier())
          .policy(Replicas.policy());
      if (timed != null) {
        b.runStore(timed).deploymentLock(timed).leaseDuration(Duration.ofSeconds(15));
      }
      long start = System.nanoTime();
      try (RollbackEngine engine = b.build()) {
        RunResult result = engine.start(scenario.ref, DurableRunsOnClusterTest.MANUAL).get(60, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(RunOutcome.ROLLED_BACK, result.outcome(), result.journal().toString());
        return new Row(setup, result.journal().size(), adapterRequests.total(), durabilityRequests.matching("/configmaps"),
            durabilityRequests.matching("/leases"), timed == null ? 0 : timed.saves().calls.get(),
            timed == null ? 0 : timed.saves().meanMillis(), timed == null ? 0 : timed.leases().meanMillis(), took,
            durabilityRequests.collectionReads("/configmaps"));
      }
    } finally {
      scenario.stop();
    }
  }
}
