package dev.rollback.examples;

import dev.rollback.core.RollbackEngine;
import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.testkit.InMemoryClusterDriver;
import dev.rollback.testkit.InMemorySmokeTester;
import dev.rollback.testkit.InMemoryVersionRegistry;
import dev.rollback.testkit.RecordingNotifier;
import dev.rollback.testkit.Script;
import dev.rollback.testkit.TestRig;
import dev.rollback.testkit.VirtualTime;
import java.io.PrintStream;
import java.util.Optional;

/**
 * The in-memory demo: wires the engine to the testkit's in-memory adapters on virtual time, plays
 * one scenario and prints the path, the outcome and the timeline.
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.args="--scenario pods-unhealthy"
 * </pre>
 */
public final class InMemoryDemo {
  private InMemoryDemo() {}

  /** Runs the demo; exits with status 2 on an unknown argument or scenario. */
  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the demo with {@code args}, printing to {@code out} and {@code err}; returns the exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    String name = DemoScenario.ROLLED_BACK.id();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--scenario") && i + 1 < args.length) {
        name = args[++i];
      } else {
        err.println("unknown argument '" + args[i] + "'");
        err.println("usage: --scenario NAME   where NAME is one of: " + DemoScenario.names());
        return 2;
      }
    }
    Optional<DemoScenario> scenario = DemoScenario.byId(name);
    if (scenario.isEmpty()) {
      err.println("unknown scenario '" + name + "'; valid scenarios: " + DemoScenario.names());
      return 2;
    }
    out.println("Scenario: " + scenario.get().id() + " (" + scenario.get().description() + ")");
    out.print(RunReport.render(play(scenario.get())));
    return 0;
  }

  /** Plays {@code scenario} to its end and returns the run's result. */
  static RunResult play(DemoScenario scenario) {
    // Virtual time: the 20 s the pods take to become ready pass in microseconds.
    VirtualTime time = VirtualTime.create();
    Script script = Script.on(time);
    scenario.script(script);
    DeploymentRef checkout = TestRig.CHECKOUT;

    // Embedding the library: adapters in, engine out. A real service passes its own adapters
    // (rollback-k8s, rollback-notify, ...) and leaves scheduler and executor to their defaults.
    try (RollbackEngine engine = RollbackEngine.builder()
        .versionRegistry(InMemoryVersionRegistry.create(script).history(checkout, TestRig.V1, TestRig.V2))
        .clusterDriver(InMemoryClusterDriver.create(script).running(checkout, TestRig.V2.id()))
        .smokeTester(InMemorySmokeTester.create(script))
        .notifier(RecordingNotifier.create(script, "pager"))
        .scheduler(time)
        .adapterExecutor(time.executor())
        .build()) {
      Trigger trigger = Trigger.manual("demo@example.com", "checkout error ratio at 5% since v2 was deployed");
      return time.runUntil(engine.start(checkout, trigger));
    }
  }
}
