package dev.rollback.spring.examples;

import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.SmokeTester;
import dev.rollback.spi.VersionRegistry;
import dev.rollback.testkit.InMemoryClusterDriver;
import dev.rollback.testkit.InMemorySmokeTester;
import dev.rollback.testkit.InMemoryVersionRegistry;
import dev.rollback.testkit.RecordingNotifier;
import dev.rollback.testkit.Script;
import dev.rollback.testkit.TestRig;
import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The example application. Its beans are the test kit's in-memory adapters, on real time, for the
 * deployment {@code prod-eu-1/shop/checkout}, which runs v2 and ran v1 before; a real service
 * defines none of them and sets {@code rollback.kubernetes.*}, {@code rollback.notify.*} and
 * {@code rollback.smoke.http.*} instead. Start it with {@code ./mvnw -pl examples-spring-boot -am
 * compile exec:java}, then {@code curl -X POST localhost:8080/actuator/rollback -H
 * 'Content-Type: application/json' -d '{"cluster":"prod-eu-1","namespace":"shop",
 * "name":"checkout","operator":"you","reason":"trying it"}'}.
 */
@SpringBootApplication
public class ExampleApplication {

  /** Creates the application; Spring does. */
  public ExampleApplication() {}

  /** Runs the application. */
  public static void main(String[] args) {
    SpringApplication.run(ExampleApplication.class, args);
  }

  /** Returns the script the in-memory adapters follow: every call answers as a healthy cluster would. */
  @Bean
  Script script() {
    return Script.realTime();
  }

  /** Returns the version history of checkout: v1, then v2. */
  @Bean
  VersionRegistry versionRegistry(Script script) {
    return InMemoryVersionRegistry.create(script).history(TestRig.CHECKOUT, TestRig.V1, TestRig.V2);
  }

  /** Returns a cluster where checkout runs v2 and a restored version's three pods are ready at once. */
  @Bean
  ClusterDriver clusterDriver(Script script) {
    return InMemoryClusterDriver.create(script, 3, Duration.ZERO).running(TestRig.CHECKOUT, TestRig.V2.id());
  }

  /** Returns a smoke tester whose tests pass. */
  @Bean
  SmokeTester smokeTester(Script script) {
    return InMemorySmokeTester.create(script);
  }

  /** Returns the on-call pager, which records what it is sent. */
  @Bean
  Notifier pager(Script script) {
    return RecordingNotifier.create(script, "pager");
  }
}
