package dev.rollback.examples.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.k8s.TestCluster;
import dev.rollback.testkit.http.LoopbackServer;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: the agent as a process, as a platform team runs it: started with its flags against the
 * real control plane, it finds the namespace's release, and on SIGTERM closes the watcher, the
 * monitor and the engine in that order and exits. (No Prometheus is needed to show it: the
 * judgements that cannot reach one are logged and retried.)
 */
class RollbackAgentShutdownTest {
  static final Duration STARTED = Duration.ofSeconds(90);

  @TempDir
  Path dir;

  @Test
  void onSigtermTheAgentClosesWatcherMonitorAndEngineAndExits() throws Exception {
    try (TestCluster cluster = TestCluster.create(); LoopbackServer receiver = LoopbackServer.start()) {
      AppsV1Api apps = new AppsV1Api(cluster.plainClient());
      apps.createNamespacedDeployment(cluster.ns, RollbackAgentEndToEndTest.deployment(cluster.ns)).execute();

      Path output = dir.resolve("agent.log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process agent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          RollbackAgent.class.getName(),
          "--kubeconfig", AgentKubeconfig.write(cluster, dir).toString(), "--namespace", cluster.ns,
          "--prometheus-url", "http://127.0.0.1:9/", "--error-ratio-query", RollbackAgentEndToEndTest.ERROR_RATIO,
          "--step", "1s", "--baseline", "20s", "--interval", "1s",
          "--webhook-url", receiver.url("/hook"), "--postmortem-dir", dir.resolve("postmortems").toString())
          .redirectErrorStream(true).redirectOutput(output.toFile()).start();
      try {
        awaitLine(output, "rollback agent running; SIGTERM stops it", agent); // its shutdown hook is in place
        awaitLine(output, "release v2 (revision 1 of Deployment checkout) rolled out at", agent);
      } finally {
        agent.destroy(); // SIGTERM
      }
      assertTrue(agent.waitFor(60, TimeUnit.SECONDS), "the agent exits after SIGTERM");
      List<String> log = Files.readAllLines(output, StandardCharsets.UTF_8);
      assertEquals(143, agent.exitValue(), "terminated by SIGTERM (128 + 15) after its shutdown hook: " + log);
      int stopping = indexOf(log, "rollback agent stopping");
      int stopped = indexOf(log, "rollback agent stopped");
      assertTrue(stopping >= 0 && stopped > stopping, "closes, then says so: " + String.join("\n", log));
      assertFalse(log.stream().anyMatch(l -> l.contains(" ERROR ")), "no error on the way out: " + String.join("\n", log));
    }
  }

  private static int indexOf(List<String> log, String text) {
    for (int i = 0; i < log.size(); i++) {
      if (log.get(i).contains(text)) {
        return i;
      }
    }
    return -1;
  }

  private static void awaitLine(Path output, String text, Process agent) throws Exception {
    long deadline = System.nanoTime() + STARTED.toNanos();
    while (!Files.readString(output, StandardCharsets.UTF_8).contains(text)) {
      if (System.nanoTime() > deadline || !agent.isAlive()) {
        throw new AssertionError("the agent did not log '" + text + "' within " + STARTED + (agent.isAlive() ? ""
            : " (it exited with " + agent.exitValue() + ")") + ":\n" + Files.readString(output, StandardCharsets.UTF_8));
      }
      Thread.sleep(100); // poll interval, bounded by the deadline
    }
  }
}
