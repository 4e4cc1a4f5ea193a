package dev.rollback.k8s;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Wraps the mock server's dispatcher and records every request it receives, with the caller's
 * User-Agent, so the requests of one client (the adapters, kubectl) can be told from those of the
 * simulator on the same server. Counting on the server sees what actually arrived, whatever client
 * sent it. Thread-safe.
 */
final class ServerRequestLog extends Dispatcher {
  /** One request as the server saw it: caller, method, path with query, answer status, arrival (nanoTime). */
  record Entry(String userAgent, String method, String path, int status, long at) {
    boolean watch() {
      return path.contains("watch=true") || path.contains("watch=1");
    }

    /** Returns the path without its query. */
    String resource() {
      int q = path.indexOf('?');
      return q < 0 ? path : path.substring(0, q);
    }
  }

  private final Dispatcher delegate;
  private final List<Entry> entries = new CopyOnWriteArrayList<>();

  ServerRequestLog(Dispatcher delegate) {
    this.delegate = delegate;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    long at = System.nanoTime();
    MockResponse response = delegate.dispatch(request);
    String ua = Objects.requireNonNullElse(request.getHeader("User-Agent"), "");
    entries.add(new Entry(ua, request.getMethod(), request.getPath(), response == null ? 0 : response.code(), at));
    return response;
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  @Override
  public void releaseResources() {
    delegate.releaseResources();
  }

  /** Returns the requests recorded so far whose User-Agent starts with {@code prefix}. */
  List<Entry> from(String prefix) {
    return matching(e -> e.userAgent().startsWith(prefix));
  }

  List<Entry> matching(Predicate<Entry> filter) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      if (filter.test(e)) {
        out.add(e);
      }
    }
    return out;
  }

  /** Returns the number of requests recorded so far. */
  int size() {
    return entries.size();
  }
}
