package dev.rollback.k8s;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Records every HTTP request the adapters under test send, for the whole test JVM, so that {@code
 * RbacCoverageTest} can check each against the Role manifest.
 */
final class RequestLog implements Interceptor {
  static final RequestLog INSTANCE = new RequestLog();

  /** One request: method, path and query. */
  record Entry(String method, String path, String query) {}

  private final List<Entry> entries = new CopyOnWriteArrayList<>();
  private final List<Entry> forbidden = new CopyOnWriteArrayList<>();

  private RequestLog() {}

  @Override
  public Response intercept(Chain chain) throws IOException {
    var url = chain.request().url();
    Entry entry = new Entry(chain.request().method(), url.encodedPath(), url.query() == null ? "" : url.query());
    entries.add(entry);
    Response response = chain.proceed(chain.request());
    if (response.code() == 403) {
      forbidden.add(entry);
    }
    return response;
  }

  /** Returns the requests answered 403 Forbidden, including those the adapters tolerate (a refused watch). */
  List<Entry> forbidden() {
    return new ArrayList<>(forbidden);
  }

  List<Entry> entries() {
    return new ArrayList<>(entries);
  }
}
