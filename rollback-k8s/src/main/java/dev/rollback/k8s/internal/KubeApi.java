package dev.rollback.k8s.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.rollback.k8s.KubernetesAdapterConfig;
import dev.rollback.k8s.KubernetesAdapterException;
import dev.rollback.spi.helpers.Backoff;
import dev.rollback.spi.helpers.Causes;
import dev.rollback.spi.helpers.Redactor;
import dev.rollback.spi.helpers.RetryAfter;
import dev.rollback.spi.helpers.Sleeper;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.util.ProxyContentTypeRequestBody;
import io.kubernetes.client.util.Watch;
import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs API requests: interruptibly (an interrupt cancels the HTTP call), retrying 429, 5xx and
 * transport failures with exponential backoff and jitter, and turning other failures into {@link
 * KubernetesAdapterException}s that name the operation. An answer carrying {@code Retry-After}
 * (delay-seconds, as the API server sends it with 429 and some 503s) is retried no earlier than it
 * asks; one asking for longer than {@link KubernetesAdapterConfig#maxRetryAfter()} ends the
 * attempts at once, as waiting that long would outlast the step. Either way no more than {@link
 * KubernetesAdapterConfig#maxAttempts()} attempts are made. Thread-safe.
 */
public final class KubeApi {
  private static final Logger LOG = LoggerFactory.getLogger(KubeApi.class);
  private static final String MERGE_PATCH = "application/merge-patch+json";

  /** Builds a fresh call for one attempt; a call can be executed only once. */
  @FunctionalInterface
  interface CallFactory {
    Call newCall() throws ApiException;
  }

  /**
   * Signals a 409 Conflict to the optimistic-update loop, which catches it; one that escapes is a
   * {@link KubernetesAdapterException} with status 409. Without a stack trace: conflicts are
   * expected and frequent.
   */
  static final class ConflictException extends KubernetesAdapterException {
    private static final long serialVersionUID = 1L;

    ConflictException(String message) {
      super(message, 409);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  private final ApiClient client;
  private final KubernetesAdapterConfig config;
  private final Sleeper sleeper;
  private final Backoff retryBackoff;
  private final Backoff pollBackoff;
  /** The client's HTTP client with a whole-call timeout, which the client itself does not set. */
  private final OkHttpClient timed;

  KubeApi(ApiClient client, KubernetesAdapterConfig config, Sleeper sleeper) {
    this.client = client;
    this.config = config;
    this.sleeper = sleeper;
    // Jitter 0.5: each retry waits between half and all of the doubled delay.
    this.retryBackoff = Backoff.exponential(config.initialBackoff(), config.maxBackoff()).withJitter(0.5);
    // The polls start at the first retry's delay, unless that is above their own cap.
    Duration pollStart = config.initialBackoff().compareTo(config.readinessPollMax()) <= 0
        ? config.initialBackoff() : config.readinessPollMax();
    this.pollBackoff = Backoff.exponential(pollStart, config.readinessPollMax());
    this.timed = client.getHttpClient().newBuilder().callTimeout(config.requestTimeout()).build();
  }

  ApiClient client() {
    return client;
  }

  KubernetesAdapterConfig config() {
    return config;
  }

  /** Returns the one seam through which the adapters wait: between retries, polls, before cleanup. */
  Sleeper sleeper() {
    return sleeper;
  }

  /**
   * Returns the backoff between attempts of a request, and (its {@link Backoff#delay(int)}, without
   * jitter) between re-openings of a broken watch: {@code initialBackoff} doubled per retry up to
   * {@code maxBackoff}.
   */
  Backoff retryBackoff() {
    return retryBackoff;
  }

  /**
   * Returns the backoff between reads of a state the adapters wait for (the controller observing a
   * generation, endpoints draining, the polling fallback of the readiness watch): {@code
   * initialBackoff} doubled per poll up to {@code readinessPollMax}.
   */
  Backoff pollBackoff() {
    return pollBackoff;
  }

  /** Executes {@code op}; throws on any failure, {@link ConflictException} on 409. */
  <T> T call(Op op, CallFactory factory, Type type) throws InterruptedException {
    T result = callOrNull(op, factory, type);
    if (result == null) {
      throw new KubernetesAdapterException(op + " failed: not found (404)", 404);
    }
    return result;
  }

  /** Executes {@code op}; answers null on 404 and throws on any other failure. */
  <T> @Nullable T callOrNull(Op op, CallFactory factory, Type type) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      ApiException failure;
      try {
        return execute(op, factory, type);
      } catch (ApiException e) {
        failure = e;
      }
      int code = failure.getCode();
      if (code == 404) {
        return null;
      }
      if (code == 409) {
        throw new ConflictException(op + " conflicted: " + statusMessage(failure));
      }
      if (code == 403) {
        throw new KubernetesAdapterException(
            op
                + " was forbidden (403): the service account lacks permission to '"
                + op.verb()
                + "' resource '"
                + op.resource()
                + "' in namespace '"
                + op.namespace()
                + "'; add it to the Role (see dev/rollback/k8s/rbac.yaml)",
            403);
      }
      boolean transientFailure = code == 0 || code == 429 || code >= 500;
      if (!transientFailure || attempt >= config.maxAttempts()) {
        String what = code == 0 ? "got no answer" : "answered " + code;
        throw new KubernetesAdapterException(
            op + " failed after " + attempt + " attempt(s): the API " + what + ": "
                + statusMessage(failure),
            code,
            failure);
      }
      Duration asked = retryAfter(failure);
      if (asked != null && Backoff.exceeds(asked, config.maxRetryAfter())) {
        throw new KubernetesAdapterException(
            op + " failed after " + attempt + " attempt(s): the API answered " + code + " with Retry-After "
                + asked.toSeconds() + " s, longer than maxRetryAfter " + config.maxRetryAfter().toSeconds()
                + " s: " + statusMessage(failure),
            code,
            failure);
      }
      Duration wait = retryBackoff.delay(attempt, ThreadLocalRandom.current()::nextDouble, asked);
      LOG.debug("{} answered {}; retrying in {} (attempt {} of {})", op, code, wait, attempt,
          config.maxAttempts());
      sleeper.sleep(wait);
    }
  }

  /** Returns a factory whose call sends its body as a JSON merge patch. */
  CallFactory mergePatch(CallFactory factory) {
    return () -> {
      Call call = factory.newCall();
      Request request = call.request();
      RequestBody body = request.body();
      if (body == null) {
        throw new IllegalStateException("a patch request has no body");
      }
      Request patched =
          request.newBuilder().patch(new ProxyContentTypeRequestBody(body, MERGE_PATCH)).build();
      return client.getHttpClient().newCall(patched);
    };
  }

  /** A successful answer: its status and body. */
  private record Answer(int code, String body) {}

  /**
   * Sends one attempt and decodes its answer with {@link AnswerDecoder}, which tolerates fields
   * the models do not know; a body that still does not decode fails the operation at once (a
   * second attempt would get the same body), naming the operation and the type expected.
   */
  private <T> @Nullable T execute(Op op, CallFactory factory, Type type) throws ApiException, InterruptedException {
    Answer answer = send(timed.newCall(factory.newCall().request()));
    try {
      return AnswerDecoder.decode(answer.body(), type);
    } catch (AnswerDecoder.DecodeException e) {
      throw new KubernetesAdapterException(op + " failed: the API answered " + answer.code() + " but "
          + e.getMessage(), answer.code(), e);
    }
  }

  /** Sends {@code call} and reads the body on the client's thread, so an interrupt cancels both. */
  private static Answer send(Call call) throws ApiException, InterruptedException {
    CompletableFuture<Answer> future = new CompletableFuture<>();
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call failed, IOException e) {
        future.completeExceptionally(new ApiException(e));
      }

      @Override
      public void onResponse(Call answered, Response response) {
        try (response) {
          ResponseBody responseBody = response.body();
          String body = responseBody == null ? "" : responseBody.string();
          if (response.isSuccessful()) {
            future.complete(new Answer(response.code(), body));
          } else {
            future.completeExceptionally(
                new ApiException(response.message(), response.code(), response.headers().toMultimap(), body));
          }
        } catch (IOException e) {
          future.completeExceptionally(new ApiException(e));
        }
      }
    });
    try {
      return future.get();
    } catch (InterruptedException e) {
      call.cancel();
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ApiException apiException) {
        throw apiException;
      }
      throw new ApiException(cause);
    }
  }

  /**
   * Opens a watch on {@code call} (a list call with {@code watch=true}) whose events are decoded
   * like every other answer, tolerating fields the models do not know ({@link AnswerDecoder}).
   *
   * @throws ApiException if the API refuses the watch or cannot be reached
   */
  static <T> Watch<T> watch(ApiClient client, Call call, Type eventType) throws ApiException {
    Response response;
    try {
      response = call.execute();
    } catch (IOException e) {
      throw new ApiException(e);
    }
    if (!response.isSuccessful()) {
      try (response) {
        ResponseBody responseBody = response.body();
        String body = responseBody == null ? "" : responseBody.string();
        throw new ApiException(response.message(), response.code(), response.headers().toMultimap(), body);
      } catch (IOException e) {
        throw new ApiException(response.message(), e, response.code(), response.headers().toMultimap());
      }
    }
    return new TolerantWatch<>(client, response.body(), eventType, call);
  }

  /** A watch decoding its events with {@link AnswerDecoder}. */
  private static final class TolerantWatch<T> extends Watch<T> {
    private final Type eventType;

    TolerantWatch(ApiClient client, ResponseBody body, Type eventType, Call call) {
      super(client.getJSON(), body, eventType, call);
      this.eventType = eventType;
    }

    @Override
    protected Watch.Response<T> parseLine(String line) throws IOException {
      if (isStatus(line)) {
        return super.parseLine(line);
      }
      Watch.Response<T> event = AnswerDecoder.decode(line, eventType);
      if (event == null) {
        throw new IOException("an empty watch event");
      }
      return event;
    }
  }

  /** Returns the Status message of a failed answer, or a short description of the failure. */
  static String statusMessage(ApiException e) {
    String body = e.getResponseBody();
    if (body != null && !body.isBlank()) {
      try {
        JsonElement json = JsonParser.parseString(body);
        if (json.isJsonObject()) {
          JsonObject o = json.getAsJsonObject();
          if (o.has("message") && o.get("message").isJsonPrimitive()) {
            return o.get("message").getAsString();
          }
        }
      } catch (RuntimeException notJson) {
        // fall through: describe the failure without the body
      }
    }
    Throwable cause = e.getCause();
    if (cause != null) {
      return Causes.describe(cause, Redactor.none());
    }
    return e.getCode() == 0 ? "no answer" : "HTTP " + e.getCode();
  }

  /**
   * Returns the delay a failed answer's {@code Retry-After} header asks for ({@link RetryAfter}:
   * delay-seconds, as the API server sends it, or an HTTP-date), or null when it has none or none
   * that parses.
   */
  static @Nullable Duration retryAfter(ApiException e) {
    Map<String, List<String>> headers = e.getResponseHeaders();
    if (headers == null) {
      return null;
    }
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (header.getKey() != null && header.getKey().equalsIgnoreCase("Retry-After") && !header.getValue().isEmpty()) {
        String value = header.getValue().get(0);
        Duration asked = RetryAfter.parse(value, Instant.now()).orElse(null);
        if (asked == null) {
          LOG.debug("ignoring a Retry-After that is neither delay-seconds nor an HTTP-date: {}", value);
        }
        return asked;
      }
    }
    return null;
  }
}
