package dev.rollback.k8s;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the requests a kubectl run with {@code -v=6} sent from its log: client-go's round tripper
 * logs one line per request, {@code "Response" verb="GET" url="https://..." status="200 OK"
 * milliseconds=3}, when the answer's headers arrive (so a watch is logged as it starts). Every
 * line the round tripper logs must be such a line; one that is not fails the parse, so that no
 * request goes uncounted. Lines of other loggers and kubectl's own output are skipped.
 */
public final class KubectlRequests {
  /** One request as kubectl logged it; {@code status} is empty when no answer came. */
  public record Request(String method, String path, String query, String status) {
    public boolean watch() {
      return query.contains("watch=true") || query.contains("watch=1");
    }

    /**
     * API discovery: the group lists {@code /api} and {@code /apis} (kubectl asks for aggregated
     * discovery, which answers every group's resources there), a group version's resource list
     * ({@code /api/v1}, {@code /apis/apps/v1}), {@code /version} and the OpenAPI documents.
     */
    public boolean discovery() {
      return path.equals("/api") || path.equals("/apis") || path.equals("/api/v1") || path.equals("/version")
          || (path.startsWith("/apis/") && path.split("/").length == 4) || path.startsWith("/openapi");
    }

    public boolean succeeded() {
      return status.startsWith("2");
    }

    /** Returns "GET /apis/apps/v1/namespaces/NS/deployments" (the namespace written NS), with "(watch)" for a watch. */
    public String describe(String namespace) {
      return method + " " + path.replace("/namespaces/" + namespace + "/", "/namespaces/NS/") + (watch() ? " (watch)" : "")
          + (succeeded() ? "" : " -> " + (status.isEmpty() ? "no answer" : status));
    }
  }

  private static final Pattern LOGGED_BY_ROUND_TRIPPER = Pattern.compile("^[IWEF]\\d{4} [0-9:.]+\\s+\\d+ round_trippers\\.go:\\d+\\] ");
  private static final Pattern RESPONSE = Pattern.compile(
      "\"Response\" verb=\"([A-Z]+)\" url=\"([^\"]+)\" status=\"([^\"]*)\" milliseconds=\\d+");

  private KubectlRequests() {}

  /** Returns the requests logged in {@code log}, in order; throws on a round-tripper line it cannot read. */
  public static List<Request> parse(String log) {
    List<Request> out = new ArrayList<>();
    for (String line : log.split("\n")) {
      if (!LOGGED_BY_ROUND_TRIPPER.matcher(line).find()) {
        continue;
      }
      Matcher m = RESPONSE.matcher(line);
      if (!m.find()) {
        throw new IllegalStateException("a round-tripper line of kubectl's log that is not a request: " + line);
      }
      URI url = URI.create(m.group(2));
      out.add(new Request(m.group(1), url.getRawPath(), url.getRawQuery() == null ? "" : url.getRawQuery(), m.group(3)));
    }
    return out;
  }
}
