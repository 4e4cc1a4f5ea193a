package dev.rollback.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.TaskScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AdapterInvokerTest {

  /**
   * Regression: an adapter call still running when the engine closed ended by handing its outcome
   * to the shut-down scheduler, and the RejectedExecutionException went uncaught on the adapter
   * thread (seen by the rollback agent on SIGTERM against an unreachable cluster).
   */
  @Test
  void aCallThatEndsAfterTheSchedulerShutDownEndsQuietlyOnItsThread() throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    CountDownLatch ended = new CountDownLatch(1);
    ExecutorService adapters = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(() -> {
        try {
          r.run();
        } finally {
          ended.countDown();
        }
      }, "adapter");
      t.setUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
      return t;
    });
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Object> delivered = new CopyOnWriteArrayList<>();
    AdapterInvoker invoker = new AdapterInvoker(TaskScheduler.of(scheduler), adapters);
    invoker.call("ClusterDriver.deploy", () -> {
      started.countDown();
      release.await();
      return Boolean.TRUE;
    }, Instant.now().plus(Duration.ofMinutes(1)), delivered::add);
    assertTrue(started.await(10, TimeUnit.SECONDS));

    scheduler.shutdownNow(); // the engine closes
    release.countDown(); // and the call answers afterwards
    adapters.shutdown();
    assertTrue(adapters.awaitTermination(10, TimeUnit.SECONDS));
    assertTrue(ended.await(10, TimeUnit.SECONDS));

    assertEquals(List.of(), uncaught, "nothing escapes on the adapter thread");
    assertEquals(List.of(), delivered, "nobody is left to take the outcome");
  }
}
