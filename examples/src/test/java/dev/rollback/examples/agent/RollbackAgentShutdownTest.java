package dev.rollback.examples.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.k8s.TestCluster;
import dev.rollback.testkit.http.LoopbackServer;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process agent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          RollbackAgent.class.getName(),
          "--kubeconfig", AgentKubeconfig.write(cluster, dir).toString(), "--namespace", cluster.ns,
          "--prometheus-url", "http://127.0.0.1:9/", "--error-ratio-query", RollbackAgentEndToEndTest.ERROR_RATIO,
          "--step", "1s", "--baseline", "20s", "--interval", "1s",
          "--webhook-url", receiver.url("/hook"), "--postmortem-dir", dir.resolve("postmortems").toString())
          .redirectErrorStream(true).start();
      List<String> lines = new ArrayList<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            synchronized (lines) {
              lines.add(line);
              lines.notifyAll();
            }
          }
        } catch (java.io.IOException ended) {
          // the process ended
        }
      });
      reader.start();
      try {
        awaitLine(lines, "rollback agent running; SIGTERM stops it", agent); // its shutdown hook is in place
        awaitLine(lines, "release v2 (revision 1 of Deployment checkout) rolled out at", agent);
      } finally {
        agent.destroy(); // SIGTERM
      }
      assertTrue(agent.waitFor(60, TimeUnit.SECONDS), "the agent exits after SIGTERM");
      reader.join(10_000);
      List<String> log;
      synchronized (lines) {
        log = List.copyOf(lines);
      }
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

  private static void awaitLine(List<String> lines, String text, Process agent) throws InterruptedException {
    long deadline = System.nanoTime() + STARTED.toNanos();
    synchronized (lines) {
      while (lines.stream().noneMatch(l -> l.contains(text))) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !agent.isAlive()) {
          throw new AssertionError("the agent did not log '" + text + "' within " + STARTED + (agent.isAlive() ? ""
              : " (it exited with " + agent.exitValue() + ")") + ":\n" + String.join("\n", lines));
        }
        lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }
}
