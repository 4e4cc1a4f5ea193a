package dev.rollback.spring.boot;

import dev.rollback.testkit.RecordingNotifier;
import dev.rollback.testkit.Script;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** {@link InMemoryAdaptersWithoutNotifier} and a pager that records what it is sent. */
@TestConfiguration(proxyBeanMethods = false)
@Import(InMemoryAdaptersWithoutNotifier.class)
public class InMemoryAdapters {
  @Bean
  RecordingNotifier pager(Script script) {
    return RecordingNotifier.create(script, "pager");
  }
}
