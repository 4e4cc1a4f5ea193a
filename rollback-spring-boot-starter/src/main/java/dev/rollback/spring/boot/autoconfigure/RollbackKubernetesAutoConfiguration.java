package dev.rollback.spring.boot.autoconfigure;

import dev.rollback.k8s.KubernetesAdapterConfig;
import dev.rollback.k8s.KubernetesAdapters;
import dev.rollback.k8s.RolloutShape;
import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.DeploymentLock;
import dev.rollback.spi.RunStore;
import dev.rollback.spi.VersionRegistry;
import dev.rollback.spring.boot.DurabilityProperties;
import dev.rollback.spring.boot.KubernetesProperties;
import dev.rollback.spring.boot.RollbackProperties;
import dev.rollback.spring.boot.internal.PropertyProblems;
import io.kubernetes.client.openapi.ApiClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Kubernetes {@link ClusterDriver} and {@link VersionRegistry} from {@code
 * rollback.kubernetes.*}, when rollback-k8s is on the class path and {@code
 * rollback.kubernetes.enabled=true}; with {@code rollback.durability.enabled=true}, also the
 * run store and the deployment lock in {@code rollback.durability.namespace}.
 */
@AutoConfiguration
@ConditionalOnClass(KubernetesAdapters.class)
@ConditionalOnProperty(prefix = "rollback.kubernetes", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(RollbackProperties.class)
public final class RollbackKubernetesAutoConfiguration {
  private static final String PREFIX = "rollback.kubernetes";

  /** Creates the configuration; Spring Boot does. */
  public RollbackKubernetesAutoConfiguration() {}

  /** Returns the API client: from the kubeconfig named, in-cluster, or from the environment. */
  @Bean
  @ConditionalOnMissingBean
  ApiClient rollbackKubernetesApiClient(RollbackProperties properties) {
    KubernetesProperties p = properties.getKubernetes();
    PropertyProblems problems = PropertyProblems.under(PREFIX);
    Path kubeconfig = p.getKubeconfig();
    try {
      if (kubeconfig != null) {
        return KubernetesAdapters.clientFromKubeconfig(kubeconfig, p.getContext());
      }
      return p.isInCluster() ? KubernetesAdapters.inClusterClient() : KubernetesAdapters.clientFromEnvironment();
    } catch (IOException e) {
      String property = kubeconfig != null ? "kubeconfig" : p.isInCluster() ? "in-cluster" : "kubeconfig";
      throw problems.problem(property, "cannot make a Kubernetes client: " + e, e);
    }
  }

  /** Returns the settings of the adapters. */
  @Bean
  @ConditionalOnMissingBean
  KubernetesAdapterConfig rollbackKubernetesAdapterConfig(RollbackProperties properties) {
    KubernetesProperties p = properties.getKubernetes();
    PropertyProblems problems = PropertyProblems.under(PREFIX);
    return problems.build(() -> {
      KubernetesAdapterConfig.Builder b = KubernetesAdapterConfig.builder();
      String shape = p.getShape();
      if (shape != null) {
        try {
          b.shape(RolloutShape.valueOf(shape.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
        } catch (IllegalArgumentException e) {
          throw problems.problem("shape", "unknown rollout shape '" + shape + "'", e);
        }
      }
      b.serviceName(p.getServiceName());
      if (p.getNameLabel() != null) {
        b.nameLabel(p.getNameLabel());
      }
      if (p.getVersionLabel() != null) {
        b.versionLabel(p.getVersionLabel());
      }
      Integer attempts = p.getMaxAttempts();
      if (attempts != null) {
        b.maxAttempts(attempts);
      }
      Duration request = p.getRequestTimeout();
      if (request != null) {
        b.requestTimeout(request);
      }
      return b.build();
    });
  }

  /** Returns the adapters, from which the beans below come. */
  @Bean
  @ConditionalOnMissingBean
  KubernetesAdapters rollbackKubernetesAdapters(ApiClient client, KubernetesAdapterConfig config) {
    return KubernetesAdapters.create(client, config);
  }

  /** Returns the cluster driver. */
  @Bean
  @ConditionalOnMissingBean(ClusterDriver.class)
  ClusterDriver rollbackKubernetesClusterDriver(KubernetesAdapters adapters) {
    return adapters.clusterDriver();
  }

  /** Returns the version registry. */
  @Bean
  @ConditionalOnMissingBean(VersionRegistry.class)
  VersionRegistry rollbackKubernetesVersionRegistry(KubernetesAdapters adapters) {
    return adapters.versionRegistry();
  }

  /** The run store and the lock in Kubernetes, with {@code rollback.durability.enabled=true}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(prefix = "rollback.durability", name = "enabled", havingValue = "true")
  static final class Durability {

    /** Returns the run store. */
    @Bean
    @ConditionalOnMissingBean(RunStore.class)
    RunStore rollbackKubernetesRunStore(KubernetesAdapters adapters, RollbackProperties properties) {
      return adapters.runStore(namespace(properties.getDurability()));
    }

    /** Returns the deployment lock. */
    @Bean
    @ConditionalOnMissingBean(DeploymentLock.class)
    DeploymentLock rollbackKubernetesDeploymentLock(KubernetesAdapters adapters, RollbackProperties properties) {
      return adapters.deploymentLock(namespace(properties.getDurability()));
    }

    private static String namespace(DurabilityProperties durability) {
      String namespace = durability.getNamespace();
      if (namespace == null || namespace.isBlank()) {
        throw PropertyProblems.under("rollback.durability").problem("namespace",
            "must name the namespace of the run store and the lock when rollback.durability.enabled=true",
            new IllegalStateException("rollback.durability.namespace is not set"));
      }
      return namespace;
    }
  }
}
