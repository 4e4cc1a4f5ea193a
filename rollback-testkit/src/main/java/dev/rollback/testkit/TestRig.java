package dev.rollback.testkit;

import dev.rollback.core.RollbackPolicy;
import dev.rollback.core.RunListener;
import dev.rollback.core.RunResult;
import dev.rollback.core.TaskScheduler;
import dev.rollback.core.Trigger;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.spi.ContainerImage;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory adapters wired to one {@link Script} on {@link VirtualTime}, with a deployment
 * {@code prod-eu-1/shop/checkout} whose history is {@code v1} then the failing {@code v2}. Script
 * the adapters, then {@link #run} a trigger to get the run's result in milliseconds of real time.
 *
 * <pre>{@code
 * TestRig rig = TestRig.create();
 * rig.script().then(Op.POD_HEALTH, Behavior.answerNo());
 * RunResult result = rig.run(Trigger.manual("jane", "errors after v2"));
 * assertEquals(RunOutcome.ROLLBACK_FAILED, result.outcome());
 * }</pre>
 */
public final class TestRig {
  /** The deployment every rig starts with. */
  public static final DeploymentRef CHECKOUT = DeploymentRef.of("prod-eu-1", "shop", "checkout");
  /** The previous stable version. */
  public static final Version V1 =
      new Version("v1", List.of(ContainerImage.of("app", "registry.example.com/shop/checkout:1.4.1")));
  /** The failing current version. */
  public static final Version V2 =
      new Version("v2", List.of(ContainerImage.of("app", "registry.example.com/shop/checkout:1.5.0")));

  private final VirtualTime time;
  private final Script script;
  private final InMemoryVersionRegistry registry;
  private final InMemoryClusterDriver cluster;
  private final InMemorySmokeTester smokeTester;
  private final RecordingNotifier notifier;
  private final List<RunListener> listeners = new ArrayList<>();
  private RollbackPolicy policy = RollbackPolicy.ofDefaults();
  private UnaryOperator<RollbackEngine.Builder> customizer = UnaryOperator.identity();
  private @Nullable RollbackEngine engine;

  private TestRig(VirtualTime time) {
    this.time = time;
    this.script = Script.on(time);
    this.registry = InMemoryVersionRegistry.create(script).history(CHECKOUT, V1, V2);
    this.cluster = InMemoryClusterDriver.create(script).running(CHECKOUT, V2.id());
    this.smokeTester = InMemorySmokeTester.create(script);
    this.notifier = RecordingNotifier.create(script, "pager");
  }

  /** Returns a rig on fresh virtual time. */
  public static TestRig create() {
    return new TestRig(VirtualTime.create());
  }

  /** Returns a rig on {@code time}. */
  public static TestRig on(VirtualTime time) {
    return new TestRig(Objects.requireNonNull(time, "time"));
  }

  /** Sets the policy of the engine (before the first run). */
  public TestRig policy(RollbackPolicy policy) {
    requireNoEngine();
    this.policy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /** Adds a listener to the engine (before the first run). */
  public TestRig listener(RunListener listener) {
    requireNoEngine();
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /** Lets a test change the engine's builder further, e.g. add notifiers (before the first run). */
  public TestRig customize(UnaryOperator<RollbackEngine.Builder> customizer) {
    requireNoEngine();
    this.customizer = Objects.requireNonNull(customizer, "customizer");
    return this;
  }

  /** Returns the engine, building it on first use. */
  public synchronized RollbackEngine engine() {
    RollbackEngine e = engine;
    if (e == null) {
      e = customizer.apply(builder(time, time.executor())).build();
      engine = e;
    }
    return e;
  }

  /**
   * Builds another engine on the same adapters, script and virtual time, running on {@code
   * process} (so a test can crash it), further configured by {@code more} (e.g. a run store, a
   * lock, a holder id). The rig's policy and listeners apply.
   */
  public RollbackEngine engineOn(CrashableScheduler process, UnaryOperator<RollbackEngine.Builder> more) {
    return more.apply(builder(process, process.executor())).build();
  }

  /** Returns a builder wired to the rig's adapters, policy and listeners, on {@code scheduler}. */
  private RollbackEngine.Builder builder(TaskScheduler scheduler, Executor adapterExecutor) {
    RollbackEngine.Builder builder = RollbackEngine.builder()
        .versionRegistry(registry)
        .clusterDriver(cluster)
        .smokeTester(smokeTester)
        .notifier(notifier)
        .policy(policy)
        .scheduler(scheduler)
        .adapterExecutor(adapterExecutor);
    listeners.forEach(builder::listener);
    return builder;
  }

  /** Runs {@code trigger} against {@link #CHECKOUT} to its end, in virtual time. */
  public RunResult run(Trigger trigger) {
    return time.runUntil(engine().start(CHECKOUT, trigger));
  }

  /** Returns the virtual time. */
  public VirtualTime time() {
    return time;
  }

  /** Returns the script all adapters follow. */
  public Script script() {
    return script;
  }

  /** Returns the version registry. */
  public InMemoryVersionRegistry registry() {
    return registry;
  }

  /** Returns the cluster driver. */
  public InMemoryClusterDriver cluster() {
    return cluster;
  }

  /** Returns the smoke tester. */
  public InMemorySmokeTester smokeTester() {
    return smokeTester;
  }

  /** Returns the notifier. */
  public RecordingNotifier notifier() {
    return notifier;
  }

  private synchronized void requireNoEngine() {
    if (engine != null) {
      throw new IllegalStateException("the engine is already built; configure the rig before the first run");
    }
  }
}
