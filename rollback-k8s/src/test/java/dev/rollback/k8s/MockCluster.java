package dev.rollback.k8s;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.function.UnaryOperator;

/**
 * A fabric8 Kubernetes mock server in CRUD mode (with scripted expectations served first) on
 * 127.0.0.1, a client for the adapters (its requests are recorded in {@link RequestLog}) and one
 * for the simulator.
 */
final class MockCluster implements AutoCloseable {
  final KubernetesMockServer server;

  MockCluster() throws Exception {
    this(UnaryOperator.identity());
  }

  /** Serves requests through {@code decorate} applied to the mock's own (mixed) dispatcher. */
  MockCluster(UnaryOperator<Dispatcher> decorate) throws Exception {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
        decorate.apply(new KubernetesMixedDispatcher(responses)), false);
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** Returns a client whose requests are recorded for the RBAC check. */
  ApiClient adapterClient() {
    ApiClient client = new ClientBuilder().setBasePath(baseUrl()).build();
    client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(RequestLog.INSTANCE).build());
    return client;
  }

  /** Returns a client for the simulator and for test set-up, not recorded. */
  ApiClient plainClient() {
    return new ClientBuilder().setBasePath(baseUrl()).build();
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
