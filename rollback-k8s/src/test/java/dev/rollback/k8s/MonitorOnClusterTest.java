package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.detect.Judgement;
import dev.rollback.core.detect.MonitoredDeployment;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.MonitorOwnership;
import dev.rollback.spi.MonitorState;
import dev.rollback.spi.MonitorStateStore;
import dev.rollback.spi.WatchedRelease;
import dev.rollback.testkit.JudgementLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, "a monitor that survives and shares the work", on the real control plane: the state in
 * ConfigMaps, the shards in Leases, the replicas monitors of this JVM with threads of their own, on
 * real time. Waits are on conditions with deadlines; what is asserted is counted in intervals of
 * the monitor's schedule, so a loaded machine delays judgements without failing the test unless a
 * guarantee is broken.
 */
class MonitorOnClusterTest {
  private TestCluster cluster;
  private KubernetesMonitorSharing sharing;
  private final List<MonitorReplica> replicas = new ArrayList<>();

  @BeforeEach
  void open() throws Exception {
    cluster = TestCluster.create();
    sharing = KubernetesMonitorSharing.create(cluster.adapterClient(), WorkflowTest.config(RolloutShape.IN_PLACE));
  }

  @AfterEach
  void close() {
    replicas.forEach(MonitorReplica::close);
    cluster.close();
  }

  private MonitorReplica replica(String name, Duration interval, java.util.function.Consumer<Judgement> judgements,
      MonitorStateStore store, MonitorOwnership ownership) {
    MonitorReplica r = MonitorReplica.start(name, cluster.adapterClient(), WorkflowTest.config(RolloutShape.IN_PLACE),
        interval, judgements, b -> {
          b.stateStore(store);
          return ownership == null ? b : b.ownership(ownership);
        });
    replicas.add(r);
    return r;
  }

  @Test
  void aMonitorRestartedMidWindowContinuesTheStoredReleaseToItsWindowsEnd() throws Exception {
    Duration interval = Duration.ofSeconds(1);
    MonitorStateStore store = sharing.stateStore(cluster.ns);
    DeploymentRef d = cluster.ref(Fixtures.APP);
    List<Instant> first = Collections.synchronizedList(new ArrayList<>());
    List<Instant> second = Collections.synchronizedList(new ArrayList<>());
    MonitorReplica dying = replica("first", interval, j -> first.add(j.startedAt()), store, null);
    Instant deployedAt = Instant.now();
    dying.monitor().watch(new MonitoredDeployment(d, "v2", deployedAt, Duration.ofSeconds(12)));
    Await.until("the first monitor judged three times", Duration.ofSeconds(30), () -> first.size() >= 3);
    dying.kill();
    Instant killedAt = Instant.now();
    MonitorState stored = store.load(d).orElseThrow().state();
    WatchedRelease release = stored.watched();
    assertNotNull(release, "the release is in its ConfigMap");
    assertEquals(deployedAt.plusSeconds(12), release.judgedUntil());
    int judgedBeforeDeath = first.size();

    MonitorReplica restarted = replica("second", interval, j -> second.add(j.startedAt()), store, null);
    Await.until("the restarted monitor judged the release to its window's end", Duration.ofSeconds(60),
        () -> !second.isEmpty() && second.get(second.size() - 1).equals(release.judgedUntil()), second::toString);
    Await.until("the window's end is stored", Duration.ofSeconds(30),
        () -> store.load(d).orElseThrow().state().watched() == null);

    assertEquals(judgedBeforeDeath, first.size(), "the dead monitor judged no more");
    assertTrue(!second.get(0).isBefore(killedAt), "the restarted monitor judged only after the restart: " + second);
    assertTrue(second.size() < 12, "it went on with the stored window, it did not start one of its own: " + second);
    for (Instant t : second.subList(0, second.size() - 1)) {
      long offsetMillis = Duration.between(release.watchedSince(), t).toMillis() % 1000;
      assertTrue(offsetMillis < 500, "on the stored schedule (the first judgement plus whole seconds): " + t
          + " for a release first judged at " + release.watchedSince());
    }
    assertFalse(restarted.monitor().watching(d));
    assertNull(store.load(d).orElseThrow().state().watched());
  }

  @Test
  void threeReplicasJudgeEachDeploymentOncePerIntervalAndTakeOverADeadOnesWithinTwoIntervals() throws Exception {
    Duration interval = Duration.ofSeconds(5);
    MonitorStateStore store = sharing.stateStore(cluster.ns);
    MonitorOwnership ownership = sharing.ownership(cluster.ns, "test", 8);
    JudgementLedger ledger = JudgementLedger.create(interval);
    MonitorReplica a = replica("a", interval, ledger.replica("a"), store, ownership);
    MonitorReplica b = replica("b", interval, ledger.replica("b"), store, ownership);
    replica("c", interval, ledger.replica("c"), store, ownership);
    List<DeploymentRef> deployments = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      DeploymentRef d = DeploymentRef.of("prod", "shop", "app-" + i);
      deployments.add(d);
      a.monitor().watch(new MonitoredDeployment(d, "v2", Instant.now(), Duration.ofHours(1)));
    }
    Await.until("all 30 releases are stored", Duration.ofSeconds(60), () -> store.watched().size() == 30);
    Await.until("every replica judges", Duration.ofSeconds(60),
        () -> ledger.judgementsBy("a") > 0 && ledger.judgementsBy("b") > 0 && ledger.judgementsBy("c") > 0);
    Instant from = Instant.now().plus(interval); // the shards have settled
    Thread.sleep(interval.multipliedBy(5).toMillis()); // let five intervals of judgements happen, however slowly
    Instant to = Instant.now();
    JudgementLedger.Tally shared = ledger.tally(from, to);
    assertEquals(30, shared.deployments(), shared.toString());
    assertEquals(0, shared.more(), "never twice in an interval: " + shared);
    assertEquals(0, shared.never(), "never skipped: " + shared + "\n" + ledger.irregular(from, to));

    b.kill();
    Instant killedAt = Instant.now();
    Await.until("two intervals and a half passed since the kill", Duration.ofSeconds(60),
        () -> Instant.now().isAfter(killedAt.plus(interval.multipliedBy(5).dividedBy(2))));
    JudgementLedger.Failover failover = ledger.failover("b", killedAt);
    assertNotNull(failover, "b judged some deployments last");
    assertEquals(0, failover.orphaned(), "every deployment of b was taken over: " + failover);
    assertTrue(failover.max().compareTo(interval.multipliedBy(2)) <= 0, "within two intervals: " + failover);
    Thread.sleep(interval.multipliedBy(3).toMillis());
    JudgementLedger.Tally after = ledger.tally(killedAt, Instant.now());
    assertEquals(0, after.more(), "never twice in an interval, also across the takeover: " + after);
    assertTrue(after.longestGap() <= 2, "never more than two intervals without a judgement: " + after);
    assertTrue(deployments.stream().allMatch(a.monitor()::watching));
  }
}
