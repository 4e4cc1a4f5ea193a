package dev.rollback.prometheus.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted stand-in for Prometheus on 127.0.0.1, for what a real server cannot show: which
 * headers arrive, transient 503s, answers that never come. Records every request; answers with the
 * scripted responses in order, repeating the last one.
 */
public final class StubPrometheus implements AutoCloseable {
  /** A recorded request. */
  public record Request(String method, String path, String authorization, String body) {}

  /** A scripted answer; {@link #HANG} never answers until the stub closes. */
  public record Answer(int status, String body) {
    public static final Answer HANG = new Answer(-1, "");
  }

  /** A successful matrix answer with one series of two samples. */
  public static final String ONE_SERIES =
      "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},"
          + "\"values\":[[1700000000,\"0.5\"],[1700000060.5,\"NaN\"]]}]}}";

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Request> arrivals = new LinkedBlockingQueue<>();
  private final List<Answer> script;
  private final CountDownLatch closed = new CountDownLatch(1);

  private StubPrometheus(List<Answer> script) throws IOException {
    this.script = List.copyOf(script);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a stub answering {@code script} in order, then its last answer forever. */
  public static StubPrometheus answering(Answer... script) throws IOException {
    return new StubPrometheus(List.of(script));
  }

  /** Returns the base URL. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Returns the requests received so far. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Waits up to {@code seconds} for the next request to arrive; null if none did. */
  public Request awaitRequest(long seconds) throws InterruptedException {
    return arrivals.poll(seconds, TimeUnit.SECONDS);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    Request request =
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            auth == null ? "" : auth,
            body);
    int index;
    synchronized (requests) {
      index = requests.size();
      requests.add(request);
    }
    arrivals.add(request);
    Answer answer = script.get(Math.min(index, script.size() - 1));
    try (exchange) {
      if (answer == Answer.HANG) {
        closed.await(30, TimeUnit.SECONDS);
        return;
      }
      // A misbehaving proxy might echo the request's credentials; the "{auth}" marker does that.
      byte[] bytes = answer.body().replace("{auth}", request.authorization())
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
