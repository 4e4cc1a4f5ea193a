package dev.rollback.prometheus;

import java.time.Instant;

/**
 * The OpenMetrics data the real-server tests load, one sample a minute for an hour from {@code
 * start}:
 *
 * <ul>
 *   <li>{@code app_error_ratio} of prod/shop/cart: version v1 is {@code i / 1000} and v2 is {@code
 *       i / 100} at minute {@code i}; the same app in namespace {@code other} is 99; a cluster whose
 *       name holds a quote and a backslash is 7;
 *   <li>{@code app_latency_seconds} of shop/cart v2: NaN, +Inf, -Inf, then 1.5;
 *   <li>{@code http_requests_total} of shop/cart v2: code 200 grows 60 a minute, code 500 grows 6;
 *   <li>{@code pod_up} of shop/cart: two pods, so two series.
 * </ul>
 */
final class TestMetrics {
  static final int MINUTES = 60;
  static final String ODD_CLUSTER = "prod \"eu\" \\ west";

  private TestMetrics() {}

  static String openMetrics(Instant start) {
    long t0 = start.getEpochSecond();
    StringBuilder om = new StringBuilder();
    om.append("# TYPE app_error_ratio gauge\n");
    series(om, t0, "app_error_ratio{cluster=\"prod\",namespace=\"shop\",app=\"cart\",version=\"v1\"}", i -> i / 1000.0);
    series(om, t0, "app_error_ratio{cluster=\"prod\",namespace=\"shop\",app=\"cart\",version=\"v2\"}", i -> i / 100.0);
    series(om, t0, "app_error_ratio{cluster=\"prod\",namespace=\"other\",app=\"cart\",version=\"v2\"}", i -> 99);
    series(om, t0, "app_error_ratio{cluster=\"prod \\\"eu\\\" \\\\ west\",namespace=\"shop\",app=\"cart\",version=\"v2\"}", i -> 7);
    om.append("# TYPE app_latency_seconds gauge\n");
    String latency = "app_latency_seconds{cluster=\"prod\",namespace=\"shop\",app=\"cart\",version=\"v2\"} ";
    om.append(latency).append("NaN ").append(t0).append('\n');
    om.append(latency).append("+Inf ").append(t0 + 60).append('\n');
    om.append(latency).append("-Inf ").append(t0 + 120).append('\n');
    om.append(latency).append("1.5 ").append(t0 + 180).append('\n');
    om.append("# TYPE http_requests counter\n");
    series(om, t0, "http_requests_total{namespace=\"shop\",app=\"cart\",version=\"v2\",code=\"200\"}", i -> 60 * i);
    series(om, t0, "http_requests_total{namespace=\"shop\",app=\"cart\",version=\"v2\",code=\"500\"}", i -> 6 * i);
    om.append("# TYPE pod_up gauge\n");
    series(om, t0, "pod_up{namespace=\"shop\",app=\"cart\",pod=\"cart-a\"}", i -> 1);
    series(om, t0, "pod_up{namespace=\"shop\",app=\"cart\",pod=\"cart-b\"}", i -> 1);
    om.append("# EOF\n");
    return om.toString();
  }

  private interface Value {
    double at(int minute);
  }

  private static void series(StringBuilder om, long t0, String seriesName, Value value) {
    for (int i = 0; i <= MINUTES; i++) {
      om.append(seriesName).append(' ').append(value.at(i)).append(' ').append(t0 + 60L * i).append('\n');
    }
  }
}
