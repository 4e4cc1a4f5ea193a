package dev.rollback.spring.boot;

import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.SmokeTester;
import dev.rollback.spi.VersionRegistry;
import dev.rollback.testkit.InMemoryClusterDriver;
import dev.rollback.testkit.InMemorySmokeTester;
import dev.rollback.testkit.InMemoryVersionRegistry;
import dev.rollback.testkit.Script;
import dev.rollback.testkit.TestRig;
import java.time.Duration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application's own adapters but a notifier, from the test kit, on real time: checkout runs v2
 * and has v1 before it, three pods are ready at once, smoke tests pass.
 */
@TestConfiguration(proxyBeanMethods = false)
public class InMemoryAdaptersWithoutNotifier {
  @Bean
  Script script() {
    return Script.realTime();
  }

  @Bean
  VersionRegistry versionRegistry(Script script) {
    return InMemoryVersionRegistry.create(script).history(TestRig.CHECKOUT, TestRig.V1, TestRig.V2);
  }

  @Bean
  ClusterDriver clusterDriver(Script script) {
    return InMemoryClusterDriver.create(script, 3, Duration.ZERO).running(TestRig.CHECKOUT, TestRig.V2.id());
  }

  @Bean
  SmokeTester smokeTester(Script script) {
    return InMemorySmokeTester.create(script);
  }
}
