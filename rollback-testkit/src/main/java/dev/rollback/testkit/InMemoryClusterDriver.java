package dev.rollback.testkit;

import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.ClusterNotice;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.PodHealth;
import dev.rollback.spi.PodHealthReport;
import dev.rollback.spi.ReadinessSnapshot;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunId;
import dev.rollback.spi.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ClusterDriver} in memory that simulates a blue/green deployment: replicas per version, a
 * service selector, and pods of a deployed version that become ready {@code readyAfter} later.
 * With virtual time it pushes the readiness change through {@link #watchReadiness} when it happens.
 * Every call follows the {@link Script}. Thread-safe.
 */
public final class InMemoryClusterDriver implements ClusterDriver {

  /** What the simulated cluster runs for one deployment. */
  private static final class State {
    final Map<String, Integer> replicas = new HashMap<>();
    @Nullable String selector;
    final Map<String, Instant> deployedAt = new HashMap<>();
  }

  private final Script script;
  private final int desired;
  private final Duration readyAfter;
  private final Map<DeploymentRef, State> states = new HashMap<>();
  /** The notices to report once the run called the op's step, in the order they were scripted. */
  private final List<Map.Entry<Op, ClusterNotice>> notices = new ArrayList<>();
  /** The cluster steps each run called so far (returned or threw). */
  private final Map<RunId, Set<Op>> called = new HashMap<>();

  private InMemoryClusterDriver(Script script, int desired, Duration readyAfter) {
    this.script = script;
    this.desired = desired;
    this.readyAfter = readyAfter;
  }

  /** Returns a driver whose restored versions run 3 pods that are ready 20 s after deployment. */
  public static InMemoryClusterDriver create(Script script) {
    return create(script, 3, Duration.ofSeconds(20));
  }

  /** Returns a driver whose restored versions run {@code desired} pods, ready {@code readyAfter} later. */
  public static InMemoryClusterDriver create(Script script, int desired, Duration readyAfter) {
    if (desired < 1) {
      throw new IllegalArgumentException("desired must be >= 1 but was " + desired);
    }
    if (readyAfter.isNegative()) {
      throw new IllegalArgumentException("readyAfter must not be negative but was " + readyAfter);
    }
    return new InMemoryClusterDriver(Objects.requireNonNull(script, "script"), desired, readyAfter);
  }

  /** Records that {@code versionId} serves {@code deployment} with the desired replica count. */
  public synchronized InMemoryClusterDriver running(DeploymentRef deployment, String versionId) {
    State state = state(deployment);
    state.replicas.put(versionId, desired);
    state.selector = versionId;
    state.deployedAt.put(versionId, Instant.MIN);
    return this;
  }

  /**
   * Makes {@link #notices} report {@code notice} for every run once it called {@code op}'s step
   * (whether the step returned or threw), as a driver reports what it did beyond the step, e.g. a
   * GitOps sync it suspended in <i>Scale down new pods</i>. Notices come in the order scripted.
   *
   * @throws IllegalArgumentException if {@code op} is not a step of this driver
   */
  public synchronized InMemoryClusterDriver noticeAfter(Op op, ClusterNotice notice) {
    if (!CLUSTER_STEPS.contains(Objects.requireNonNull(op, "op"))) {
      throw new IllegalArgumentException("op must be one of " + CLUSTER_STEPS + " but was " + op);
    }
    notices.add(Map.entry(op, Objects.requireNonNull(notice, "notice")));
    return this;
  }

  /** The steps after which {@link ClusterDriver#notices} is asked. */
  private static final Set<Op> CLUSTER_STEPS =
      EnumSet.of(Op.VALIDATE, Op.SCALE_DOWN, Op.DEPLOY, Op.SWITCH_TRAFFIC, Op.CLEANUP);

  /** Returns the notices scripted with {@link #noticeAfter} whose step {@code manifest}'s run called. */
  @Override
  public synchronized List<ClusterNotice> notices(RollbackManifest manifest) {
    Set<Op> ops = called.getOrDefault(manifest.runId(), Set.of());
    List<ClusterNotice> out = new ArrayList<>();
    for (Map.Entry<Op, ClusterNotice> n : notices) {
      if (ops.contains(n.getKey())) {
        out.add(n.getValue());
      }
    }
    return out;
  }

  private synchronized void calling(Op op, RollbackManifest manifest) {
    called.computeIfAbsent(manifest.runId(), k -> EnumSet.noneOf(Op.class)).add(op);
  }

  /** Returns the replicas of {@code versionId}, 0 if it has none. */
  public synchronized int replicas(DeploymentRef deployment, String versionId) {
    return state(deployment).replicas.getOrDefault(versionId, 0);
  }

  /** Returns the version the service selects, or null if none. */
  public synchronized @Nullable String selector(DeploymentRef deployment) {
    return state(deployment).selector;
  }

  @Override
  @SuppressWarnings("NullAway") // a scripted malformed answer is null on purpose
  public List<String> validate(RollbackManifest manifest) throws InterruptedException {
    calling(Op.VALIDATE, manifest);
    return script.perform(
        Op.VALIDATE,
        manifest.to().id(),
        () -> manifest.scaleDown().floor() >= desired
            ? List.of("the zero-downtime floor of " + manifest.scaleDown().floor() + " replicas is not below the "
                + desired + " that version " + manifest.from().id() + " runs, so scaling down would remove nothing")
            : List.<String>of(),
        () -> List.of("the image " + manifest.to().images().get(0).image() + " is not allowed in this namespace"),
        () -> null);
  }

  @Override
  public void scaleDown(RollbackManifest manifest) throws InterruptedException {
    calling(Op.SCALE_DOWN, manifest);
    script.perform(Op.SCALE_DOWN, manifest.from().id(), () -> {
          synchronized (this) {
            state(manifest.deployment()).replicas.put(manifest.from().id(), manifest.scaleDown().floor());
          }
          return Boolean.TRUE;
        },
        null, () -> Script.invalid(Op.SCALE_DOWN));
  }

  @Override
  public void deploy(RollbackManifest manifest) throws InterruptedException {
    calling(Op.DEPLOY, manifest);
    script.perform(Op.DEPLOY, manifest.to().id(), () -> {
          synchronized (this) {
            State state = state(manifest.deployment());
            String id = manifest.to().id();
            if (state.replicas.getOrDefault(id, 0) < desired || !state.deployedAt.containsKey(id)) {
              state.replicas.put(id, desired);
              state.deployedAt.put(id, script.clock().instant());
            }
          }
          return Boolean.TRUE;
        },
        null, () -> Script.invalid(Op.DEPLOY));
  }

  @Override
  @SuppressWarnings("NullAway") // a scripted malformed answer is null on purpose
  public ReadinessSnapshot readiness(RollbackManifest manifest) throws InterruptedException {
    return script.perform(
        Op.READINESS,
        manifest.to().id(),
        () -> snapshot(manifest),
        () -> new ReadinessSnapshot(0, desired, "image " + manifest.to().images().get(0).image()
            + " could not be pulled (ErrImagePull)"),
        () -> ReadinessSnapshot.of(-1, desired));
  }

  @Override
  public Subscription watchReadiness(RollbackManifest manifest, Consumer<ReadinessSnapshot> onChange) {
    VirtualTime time = script.virtualTime();
    Instant readyAt;
    synchronized (this) {
      Instant deployed = state(manifest.deployment()).deployedAt.get(manifest.to().id());
      readyAt = deployed == null ? null : deployed.plus(readyAfter);
    }
    if (time == null || readyAt == null) {
      return Subscription.none();
    }
    Duration delay = Duration.between(time.now(), readyAt);
    boolean[] cancelled = {false};
    time.schedule(delay, () -> {
      if (!cancelled[0] && !script.deviated(Op.READINESS)) {
        onChange.accept(snapshot(manifest));
      }
    });
    return () -> cancelled[0] = true;
  }

  @Override
  @SuppressWarnings("NullAway") // a scripted malformed answer is null on purpose
  public PodHealthReport podHealth(RollbackManifest manifest) throws InterruptedException {
    String base = manifest.deployment().name() + "-" + manifest.to().id();
    return script.perform(
        Op.POD_HEALTH,
        manifest.to().id(),
        () -> {
          List<PodHealth> pods = new ArrayList<>();
          for (int i = 0; i < replicas(manifest.deployment(), manifest.to().id()); i++) {
            pods.add(PodHealth.healthy(base + "-" + i));
          }
          return PodHealthReport.of(pods);
        },
        () -> PodHealthReport.of(List.of(
            PodHealth.healthy(base + "-0"),
            new PodHealth(base + "-1", false, 6,
                List.of("container app is in CrashLoopBackOff (restarted 6 times)")))),
        () -> null);
  }

  @Override
  public void switchTraffic(RollbackManifest manifest) throws InterruptedException {
    calling(Op.SWITCH_TRAFFIC, manifest);
    script.perform(Op.SWITCH_TRAFFIC, manifest.to().id(), () -> {
          synchronized (this) {
            state(manifest.deployment()).selector = manifest.to().id();
          }
          return Boolean.TRUE;
        },
        null, () -> Script.invalid(Op.SWITCH_TRAFFIC));
  }

  @Override
  public void cleanup(RollbackManifest manifest) throws InterruptedException {
    calling(Op.CLEANUP, manifest);
    script.perform(Op.CLEANUP, manifest.from().id(), () -> {
          synchronized (this) {
            state(manifest.deployment()).replicas.remove(manifest.from().id());
          }
          return Boolean.TRUE;
        },
        null, () -> Script.invalid(Op.CLEANUP));
  }

  private synchronized ReadinessSnapshot snapshot(RollbackManifest manifest) {
    State state = state(manifest.deployment());
    String id = manifest.to().id();
    int want = state.replicas.getOrDefault(id, 0);
    Instant deployed = state.deployedAt.get(id);
    boolean ready = deployed != null && !script.clock().instant().isBefore(deployed.plus(readyAfter));
    return ReadinessSnapshot.of(ready ? want : 0, want);
  }

  private State state(DeploymentRef deployment) {
    return states.computeIfAbsent(deployment, k -> new State());
  }
}
