package dev.rollback.k8s;

import io.kubernetes.client.openapi.ApiClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Counts the requests sent through the clients it is put on, by method and path. */
final class RequestCounter {
  private final List<String> paths = new CopyOnWriteArrayList<>();

  ApiClient on(ApiClient client) {
    client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(chain -> {
      paths.add(chain.request().method() + " " + chain.request().url().encodedPath());
      return chain.proceed(chain.request());
    }).build());
    return client;
  }

  long total() {
    return paths.size();
  }

  /** Counts the GET requests of collections whose path ends with {@code suffix} (lists and watches). */
  long collectionReads(String suffix) {
    return paths.stream().filter(p -> p.startsWith("GET ") && p.endsWith(suffix)).count();
  }

  long matching(String fragment) {
    return paths.stream().filter(p -> p.contains(fragment)).count();
  }
}
