package dev.rollback.examples.k8s;

import dev.rollback.core.JournalEntry;
import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.k8s.JobSmokeTestConfig;
import dev.rollback.k8s.KubernetesAdapterConfig;
import dev.rollback.k8s.KubernetesAdapters;
import dev.rollback.k8s.RolloutShape;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.SmokeCheck;
import dev.rollback.spi.SmokeResult;
import dev.rollback.spi.SmokeTester;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * Rolls back one deployment of a real cluster: builds the Kubernetes adapters from a kubeconfig
 * (the client's own loader), and runs the workflow once with a manual trigger, printing the outcome
 * and the journal.
 *
 * <pre>
 * --kubeconfig PATH [--context NAME] --namespace NS --deployment NAME
 *     [--shape blue-green|in-place] [--operator NAME] [--reason TEXT] [--smoke-image IMAGE]
 *     [--scale-down-delay SECONDS]
 * </pre>
 *
 * <p>With {@code --smoke-image}, the smoke tests are a Job running that image (it gets the
 * restored version in {@code ROLLBACK_VERSION}); without it no smoke test runs, and the step says
 * so. {@code --scale-down-delay} sets how long the failing version outlives the traffic switch in
 * blue/green (default 30). Exit status: 0 rolled back, 1 any other outcome, 2 bad arguments or configuration.
 */
public final class KubernetesExample {
  private static final Set<String> OPTIONS = Set.of("--kubeconfig", "--context", "--namespace", "--deployment",
      "--shape", "--operator", "--reason", "--smoke-image", "--scale-down-delay");

  private KubernetesExample() {}

  /** Runs the program; exits with its status. */
  public static void main(String[] args) throws InterruptedException {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the program, printing to {@code out} and {@code err}; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!OPTIONS.contains(args[i]) || i + 1 >= args.length) {
        return usage(err, "unknown option or missing value: " + args[i]);
      }
      opts.put(args[i], args[i + 1]);
    }
    for (String required : List.of("--kubeconfig", "--namespace", "--deployment")) {
      if (!opts.containsKey(required)) {
        return usage(err, required + " is required");
      }
    }
    String shapeArg = opts.getOrDefault("--shape", "blue-green");
    @Nullable RolloutShape shape = switch (shapeArg) {
      case "blue-green" -> RolloutShape.BLUE_GREEN;
      case "in-place" -> RolloutShape.IN_PLACE;
      default -> null;
    };
    if (shape == null) {
      return usage(err, "--shape must be blue-green or in-place, not " + shapeArg);
    }
    Duration scaleDownDelay;
    try {
      scaleDownDelay = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("--scale-down-delay", "30")));
    } catch (NumberFormatException e) {
      return usage(err, "--scale-down-delay must be a whole number of seconds, not " + opts.get("--scale-down-delay"));
    }
    if (scaleDownDelay.isNegative()) {
      return usage(err, "--scale-down-delay must be 0 or more seconds, not " + opts.get("--scale-down-delay"));
    }
    String context = opts.get("--context");
    ApiClient client;
    DeploymentRef deployment;
    try {
      client = KubernetesAdapters.clientFromKubeconfig(Path.of(opts.getOrDefault("--kubeconfig", "")), context);
      deployment = DeploymentRef.of(context == null ? "kubeconfig" : context, opts.getOrDefault("--namespace", ""),
          opts.getOrDefault("--deployment", "")); // present: checked above
    } catch (Exception e) { // unreadable file, unknown context, invalid name: all the user's to fix
      err.println("error: " + e.getMessage());
      return 2;
    }
    KubernetesAdapters k8s = KubernetesAdapters.create(client, KubernetesAdapterConfig.builder().shape(shape)
        .scaleDownDelay(scaleDownDelay).build());
    String smokeImage = opts.get("--smoke-image");
    SmokeTester smoke = smokeImage == null ? KubernetesExample::noSmokeTests : k8s.jobSmokeTester(smokeJob(smokeImage));
    Trigger trigger = Trigger.manual(opts.getOrDefault("--operator", System.getProperty("user.name", "operator")),
        opts.getOrDefault("--reason", "manual rollback from KubernetesExample"));

    out.println("Rolling back " + deployment + " (" + shapeArg + ")");
    RunResult result;
    try (RollbackEngine engine = RollbackEngine.builder()
        .versionRegistry(k8s.versionRegistry())
        .clusterDriver(k8s.clusterDriver())
        .smokeTester(smoke)
        .notifier(k8s.eventNotifier())
        .build()) {
      result = engine.start(deployment, trigger).get();
    } catch (ExecutionException e) {
      err.println("error: the engine failed: " + e.getCause());
      return 2;
    }
    out.println("Outcome: " + result.outcome());
    if (result.from() != null) {
      out.println("From: " + result.from().id() + (result.to() == null ? "" : "  To: " + result.to().id()));
    }
    for (JournalEntry entry : result.journal()) {
      out.println("  " + entry.node().label() + ": " + entry.result() + (entry.detail().isEmpty() ? "" : " - " + entry.detail()));
    }
    if (result.smoke() != null) {
      for (SmokeCheck check : result.smoke().checks()) {
        out.println("Smoke check " + check.name() + ": " + (check.passed() ? "passed" : "FAILED") + " - " + check.detail());
      }
    }
    out.println("On-call notified: " + result.onCallNotified() + " (Events on the Deployment: kubectl describe deployment)");
    return result.outcome() == RunOutcome.ROLLED_BACK ? 0 : 1;
  }

  private static SmokeResult noSmokeTests(dev.rollback.spi.RollbackManifest manifest) {
    return SmokeResult.of(SmokeCheck.passed("no smoke test",
        "no smoke test configured (--smoke-image); version " + manifest.to().id() + " was not checked", Duration.ZERO));
  }

  private static JobSmokeTestConfig smokeJob(String image) {
    V1Job template = new V1Job().metadata(new V1ObjectMeta().name("rollback-smoke"))
        .spec(new V1JobSpec().backoffLimit(0).template(new V1PodTemplateSpec()
            .spec(new V1PodSpec().restartPolicy("Never").containers(List.of(new V1Container().name("smoke").image(image))))));
    return JobSmokeTestConfig.builder(template).build();
  }

  private static int usage(PrintStream err, String problem) {
    err.println("error: " + problem);
    err.println("usage: KubernetesExample --kubeconfig PATH [--context NAME] --namespace NS --deployment NAME");
    err.println("         [--shape blue-green|in-place] [--operator NAME] [--reason TEXT] [--smoke-image IMAGE]");
    return 2;
  }
}
