package dev.rollback.examples;

import dev.rollback.core.PublicationRecord;
import dev.rollback.core.RunResult;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.core.postmortem.DirectoryPublisher;
import dev.rollback.core.postmortem.Postmortem;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.testkit.InMemoryClusterDriver;
import dev.rollback.testkit.InMemorySmokeTester;
import dev.rollback.testkit.InMemoryVersionRegistry;
import dev.rollback.testkit.RecordingNotifier;
import dev.rollback.testkit.Script;
import dev.rollback.testkit.TestRig;
import dev.rollback.testkit.VirtualTime;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory demo: wires the engine to the testkit's in-memory adapters on virtual time, plays
 * one scenario and prints the path, the outcome, the timeline and the Markdown postmortem; with
 * {@code --postmortem-dir DIR} it also writes the postmortem there as Markdown, JSON, an HTML page,
 * an SVG chart of each metric the detectors judged and the drawn workflow. Every scenario starts
 * from the same detection ({@link DemoDetection}): the error ratio and latency of v2 rose.
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.args="--scenario pods-unhealthy --postmortem-dir target/postmortems"
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
    Path postmortemDir = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--scenario") && i + 1 < args.length) {
        name = args[++i];
      } else if (args[i].equals("--postmortem-dir") && i + 1 < args.length) {
        postmortemDir = Path.of(args[++i]);
      } else {
        err.println("unknown argument '" + args[i] + "'");
        err.println("usage: [--scenario NAME] [--postmortem-dir DIR]   where NAME is one of: "
            + DemoScenario.names());
        return 2;
      }
    }
    Optional<DemoScenario> scenario = DemoScenario.byId(name);
    if (scenario.isEmpty()) {
      err.println("unknown scenario '" + name + "'; valid scenarios: " + DemoScenario.names());
      return 2;
    }
    out.println("Scenario: " + scenario.get().id() + " (" + scenario.get().description() + ")");
    RunResult result = play(scenario.get(), postmortemDir);
    out.print(RunReport.render(result));
    out.println();
    out.println("Postmortem (Markdown):");
    out.println();
    out.print(Postmortem.of(result).markdown());
    for (PublicationRecord publication : result.publications()) {
      URI location = publication.location();
      if (publication.published() && location != null) {
        out.println();
        out.println("Postmortem written to " + Path.of(location)
            + " (and beside it .json, .html, the metrics' -<metric>.svg charts and .workflow.svg)");
      } else if (!publication.published()) {
        err.println("could not write the postmortem: " + publication.error());
        return 1;
      }
    }
    return 0;
  }

  /** Plays {@code scenario} to its end and returns the run's result. */
  static RunResult play(DemoScenario scenario) {
    return play(scenario, null);
  }

  /** Plays {@code scenario}; when {@code postmortemDir} is set, the engine publishes the postmortem there. */
  static RunResult play(DemoScenario scenario, @Nullable Path postmortemDir) {
    // Virtual time: the 20 s the pods take to become ready pass in microseconds.
    VirtualTime time = VirtualTime.create();
    Script script = Script.on(time);
    scenario.script(script);
    DeploymentRef checkout = TestRig.CHECKOUT;

    // Embedding the library: adapters in, engine out. A real service passes its own adapters
    // (rollback-k8s, rollback-notify, ...) and leaves scheduler and executor to their defaults.
    RollbackEngine.Builder builder = RollbackEngine.builder()
        .versionRegistry(InMemoryVersionRegistry.create(script).history(checkout, TestRig.V1, TestRig.V2))
        .clusterDriver(InMemoryClusterDriver.create(script).running(checkout, TestRig.V2.id()))
        .smokeTester(InMemorySmokeTester.create(script))
        .notifier(RecordingNotifier.create(script, "pager"))
        .scheduler(time)
        .adapterExecutor(time.executor());
    if (postmortemDir != null) {
      builder.postmortemPublisher(DirectoryPublisher.into(postmortemDir));
    }
    try (RollbackEngine engine = builder.build()) {
      return time.runUntil(engine.start(checkout, DemoDetection.trigger()));
    }
  }
}
