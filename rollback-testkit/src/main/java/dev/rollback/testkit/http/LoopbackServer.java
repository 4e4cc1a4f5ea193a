package dev.rollback.testkit.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A real HTTP server on 127.0.0.1 that answers with scripted {@link Reply replies} (status,
 * headers, body, a delay, a dropped connection), or with a fixed reply per path, and records every
 * request it received.
 */
public final class LoopbackServer implements AutoCloseable {

  /** A recorded request. */
  public record Received(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
    /** Returns the body as UTF-8 text. */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** Returns the first value of header {@code name} (case-insensitive), or null. */
    public @Nullable String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  /** A scripted answer. */
  public record Reply(int status, Map<String, String> headers, String body, Duration delay, boolean drop, boolean hang) {
    /** Answers {@code status} with {@code body}. */
    public static Reply of(int status, String body) {
      return new Reply(status, Map.of(), body, Duration.ZERO, false, false);
    }

    /** Answers 429 with a {@code Retry-After} header. */
    public static Reply tooMany(String retryAfter) {
      return new Reply(429, Map.of("Retry-After", retryAfter), "rate limited", Duration.ZERO, false, false);
    }

    /** Closes the connection without answering. */
    public static Reply dropConnection() {
      return new Reply(0, Map.of(), "", Duration.ZERO, true, false);
    }

    /** Does not answer until the server closes. */
    public static Reply noAnswer() {
      return new Reply(0, Map.of(), "", Duration.ZERO, false, true);
    }

    /** Returns this reply sent after {@code d}. */
    public Reply after(Duration d) {
      return new Reply(status, headers, body, d, drop, hang);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final List<Received> all = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Reply> byPath = new ConcurrentHashMap<>();
  private int freshFrom;
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile Reply fallback;

  private LoopbackServer(Reply fallback) throws IOException {
    this.fallback = fallback;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Starts a server that answers {@code fallback} once its script is used up. */
  public static LoopbackServer start(Reply fallback) throws IOException {
    return new LoopbackServer(fallback);
  }

  /** Starts a server that answers 200 "ok" once its script is used up. */
  public static LoopbackServer start() throws IOException {
    return start(Reply.of(200, "ok"));
  }

  /** Queues {@code replies}, answered in order before the fallback. */
  public LoopbackServer then(Reply... replies) {
    script.addAll(List.of(replies));
    return this;
  }

  /** Answers every request for {@code path} with {@code reply} once the script is used up. */
  public LoopbackServer answer(String path, Reply reply) {
    byPath.put(path, reply);
    return this;
  }

  /** Returns the URL of {@code path} on this server. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Returns every request received so far. */
  public List<Received> requests() {
    synchronized (all) {
      return List.copyOf(all);
    }
  }

  /**
   * Returns the requests received since the previous call of this method (since the start for the
   * first call), oldest first. Callers send synchronously, so nothing is still on its way.
   */
  public List<Received> fresh() {
    synchronized (all) {
      List<Received> out = List.copyOf(all.subList(freshFrom, all.size()));
      freshFrom = all.size();
      return out;
    }
  }

  /** Returns the next request received, waiting at most 5 s. */
  public Received take() throws InterruptedException {
    Received r = received.poll(5, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("no request arrived within 5 s");
    }
    return r;
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    Received r = new Received(exchange.getRequestMethod(), exchange.getRequestURI(),
        Map.copyOf(exchange.getRequestHeaders()), body);
    all.add(r);
    received.add(r);
    Reply reply = script.poll();
    if (reply == null) {
      reply = byPath.getOrDefault(exchange.getRequestURI().getPath(), fallback);
    }
    try {
      if (reply.hang()) {
        closing.await(30, TimeUnit.SECONDS);
      } else if (!reply.delay().isZero()) {
        closing.await(reply.delay().toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (reply.drop() || reply.hang()) {
      exchange.close(); // no response headers sent: the server closes the connection
      return;
    }
    reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(out);
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
