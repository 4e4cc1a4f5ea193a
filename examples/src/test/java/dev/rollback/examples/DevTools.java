package dev.rollback.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A headless Chromium driven over the DevTools protocol, for tests: started with a temporary
 * profile, no background networking and a DevTools port the browser picks; {@link #close()}
 * kills it and deletes the profile. Commands wait at most {@link #PATIENCE} for their answer, a
 * bound against a hung browser, not a measurement. Not thread-safe, except that events arrive on
 * the WebSocket's thread.
 */
final class DevTools implements AutoCloseable {
  /** The longest a command, the browser's start or a page's load is waited for before the test fails. */
  static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  /** Every event received, in order. */
  final List<JsonNode> events = new CopyOnWriteArrayList<>();

  private DevTools(Process process, Path profile, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
  }

  /** Returns the browser at {@code binary}, started headless; the caller closes it. */
  static DevTools start(Path binary) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("rollback-chromium-");
    List<String> command = List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--no-default-browser-check", "--disable-extensions", "--disable-default-apps", "--disable-translate",
        "--disable-domain-reliability", "--disable-client-side-phishing-detection", "--metrics-recording-only",
        "--mute-audio", "--password-store=basic", "--use-mock-keychain", "--hide-scrollbars",
        "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank");
    Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    List<String> lines = new CopyOnWriteArrayList<>();
    CompletableFuture<String> endpoint = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
          StandardCharsets.UTF_8))) {
        for (String line; (line = err.readLine()) != null; ) {
          lines.add(line);
          int at = line.indexOf("DevTools listening on ");
          if (at >= 0) {
            endpoint.complete(line.substring(at + "DevTools listening on ".length()).trim());
          }
        }
        endpoint.completeExceptionally(new IOException("the browser closed its stderr before listening: " + lines));
      } catch (IOException e) {
        endpoint.completeExceptionally(e);
      }
    }, "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    try {
      String ws = endpoint.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      DevTools[] self = new DevTools[1];
      WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create(ws), new Listener(() -> self[0])).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      self[0] = new DevTools(process, profile, socket);
      return self[0];
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      kill(process, profile);
      throw new IOException("chromium did not offer its DevTools endpoint: " + lines, e);
    }
  }

  /** Sends {@code method} with {@code params} (to {@code session}, or the browser when null) and returns its result. */
  JsonNode send(@Nullable String session, String method, Map<String, ?> params)
      throws InterruptedException, IOException {
    int id = ids.incrementAndGet();
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", JSON.valueToTree(params));
    if (session != null) {
      message.put("sessionId", session);
    }
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    socket.sendText(JSON.writeValueAsString(message), true);
    try {
      JsonNode reply = answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      if (reply.has("error")) {
        throw new IOException(method + " failed: " + reply.get("error"));
      }
      return reply.get("result");
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException(method + " got no answer: " + e, e);
    } finally {
      pending.remove(id);
    }
  }

  /** Waits until an event named {@code method} of {@code session} has arrived. */
  JsonNode await(String session, String method) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode e : events) {
        if (method.equals(e.path("method").asText()) && session.equals(e.path("sessionId").asText())) {
          return e;
        }
      }
      if (!process.isAlive()) {
        throw new IOException("the browser exited with " + process.exitValue() + " waiting for " + method);
      }
      Thread.sleep(20);
    }
    throw new IOException("no " + method + " within " + PATIENCE);
  }

  /** Returns the events of {@code session} named one of {@code methods}. */
  List<JsonNode> events(String session, String... methods) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode e : events) {
      if (session.equals(e.path("sessionId").asText()) && List.of(methods).contains(e.path("method").asText())) {
        out.add(e);
      }
    }
    return out;
  }

  private void receive(String text) {
    try {
      JsonNode message = JSON.readTree(text);
      if (message.has("id")) {
        CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
        if (answer != null) {
          answer.complete(message);
        }
      } else {
        events.add(message);
      }
    } catch (IOException e) {
      events.add(JSON.createObjectNode().put("method", "test.unreadableMessage").put("text", text));
    }
  }

  /** Kills the browser, waits for it to exit and deletes its profile. */
  @Override
  public void close() throws IOException, InterruptedException {
    try {
      socket.abort();
    } finally {
      kill(process, profile);
    }
  }

  private static void kill(Process process, Path profile) throws IOException, InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    if (Files.exists(profile)) {
      try (Stream<Path> files = Files.walk(profile)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Joins the text frames of a message and hands each whole message to the browser's reader. */
  private static final class Listener implements WebSocket.Listener {
    private final java.util.function.Supplier<DevTools> owner;
    private final StringBuilder partial = new StringBuilder();
    private final List<String> early = new ArrayList<>();

    Listener(java.util.function.Supplier<DevTools> owner) {
      this.owner = owner;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        DevTools devTools = owner.get();
        if (devTools == null) {
          early.add(text);
        } else {
          early.forEach(devTools::receive);
          early.clear();
          devTools.receive(text);
        }
      }
      webSocket.request(1);
      return null;
    }
  }
}
