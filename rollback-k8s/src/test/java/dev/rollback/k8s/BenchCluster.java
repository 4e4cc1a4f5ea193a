package dev.rollback.k8s;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One benchmark's cluster: the CRUD mock with {@link ScriptedApi} in front and a {@link
 * ServerRequestLog} counting what reaches the server, the simulator playing the controllers, and
 * the objects of one rollout shape. The adapters' client carries its own User-Agent so that the
 * server-side log tells its requests from the simulator's.
 */
final class BenchCluster implements AutoCloseable {
  static final String ADAPTER_AGENT = "rollback-k8s-bench-adapters";
  /** How long after pods turn ready in the store a scripted watch reports it (the simulator's pass time). */
  static final Duration EVENT_LAG = Duration.ofMillis(100);

  // The mock logs every request at INFO through java.util.logging; JUL holds loggers weakly.
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(Level.WARNING);
  }

  final TestCluster cluster;
  final ClusterSimulator sim;
  final ScriptedApi api;
  final ServerRequestLog log;

  /**
   * Creates the shape's objects (with the previous version v1 when {@code withV1}) and lets the
   * simulator see them; call {@link #start()} to run it.
   */
  BenchCluster(RolloutShape shape, boolean withV1) throws Exception {
    ScriptedApi[] scripted = new ScriptedApi[1];
    ServerRequestLog[] logged = new ServerRequestLog[1];
    cluster = new TestCluster(mock -> logged[0] = new ServerRequestLog(scripted[0] = new ScriptedApi(mock, ADAPTER_AGENT)));
    api = scripted[0];
    log = logged[0];
    sim = new ClusterSimulator(cluster, Fixtures.NS);
    sim.behave(WorkflowTest.SMOKE_FAILING, ClusterSimulator.Behaviour.JOB_FAILS);
    Fixtures fixtures = new Fixtures(cluster.plainClient());
    if (shape == RolloutShape.BLUE_GREEN) {
      fixtures.blueGreen(withV1);
      sim.reconcile();
    } else {
      fixtures.inPlace(sim, withV1);
    }
  }

  BenchCluster start() {
    sim.start();
    return this;
  }

  /** Returns a client for the adapters, marked by {@link #ADAPTER_AGENT}. */
  ApiClient adapterClient() {
    ApiClient client = cluster.plainClient();
    client.setUserAgent(ADAPTER_AGENT);
    return client;
  }

  /**
   * Lets the simulator create the restored version's pods at once (unready when it holds
   * readiness), as the ReplicaSet controller does within milliseconds of a deploy, and makes them
   * ready {@code podStart} from now; scripted watches report it {@link #EVENT_LAG} later, so that
   * every read after the event sees them ready, as on an API server, which sends an event only
   * once the object is stored. Returns the instant the watch event is sent ({@link
   * System#nanoTime()} scale).
   */
  long podsReadyIn(Duration podStart) {
    try {
      sim.reconcile();
    } catch (ApiException e) {
      // a conflict with an adapter's write: the simulator's own loop creates the pods instead
    }
    long ready = System.nanoTime() + podStart.toNanos();
    sim.readyAt(ready);
    long event = ready + EVENT_LAG.toNanos();
    api.readyAt(event);
    return event;
  }

  @Override
  public void close() throws Exception {
    try {
      sim.close();
    } finally {
      cluster.close();
    }
  }
}
