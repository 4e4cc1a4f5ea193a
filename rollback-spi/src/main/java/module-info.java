/**
 * The service-provider interface of rollback: the value types and the adapter interfaces
 * ({@code MetricsSource}, {@code VersionRegistry}, {@code ClusterDriver}, {@code SmokeTester},
 * {@code Notifier}, {@code RunStore}, {@code DeploymentLock}) in {@code dev.rollback.spi}, and the
 * supported helpers for adapter authors in {@code dev.rollback.spi.helpers}.
 */
module dev.rollback.spi {
  requires static transitive org.jspecify;
  requires transitive java.net.http; // HttpClients answers a java.net.http.HttpClient

  exports dev.rollback.spi;
  exports dev.rollback.spi.helpers;
}
