package dev.rollback.benchmarks;

import dev.rollback.core.RollbackPolicy;
import dev.rollback.core.RunResult;
import dev.rollback.core.TaskScheduler;
import dev.rollback.core.Trigger;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.RunOutcome;
import dev.rollback.testkit.InMemoryClusterDriver;
import dev.rollback.testkit.InMemorySmokeTester;
import dev.rollback.testkit.InMemoryVersionRegistry;
import dev.rollback.testkit.Script;
import dev.rollback.testkit.VirtualTime;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Scale: N runs in flight at once, each waiting for its pods to become ready, and the wall time,
 * peak heap and threads they take. Setups: virtual time on one thread (pods ready 20 s of virtual
 * time after deployment, pushed by the driver's watch); real time on a scheduler of 1 thread and an
 * adapter pool of 4 (pods ready 2 s after deployment, found by polling), which shows that waits are
 * scheduled, not blocked: no thread per waiting run; and, on Java 21 or later, the same with
 * adapter calls on virtual threads.
 *
 * <p>Run it with a 512 MB heap: {@code ./mvnw -q -pl benchmarks -am compile exec:exec -Dexec.skip=true
 * -Dexec.executable=java -Dexec.args="-Xmx512m -cp %classpath dev.rollback.benchmarks.ScaleBenchmark"}
 */
public final class ScaleBenchmark {
  private static final Trigger TRIGGER = Trigger.manual("bench@example.com", "scale");

  /**
   * One measurement.
   *
   * @param waitingHeapMb heap in use after a full collection while every run waits
   * @param peakHeapMb the highest heap use during the measurement, garbage included (the sum of
   *     the heap pools' peaks, an upper bound)
   */
  record Row(String setup, int runs, long wallMillis, long waitingHeapMb, long peakHeapMb, int threadsAdded,
      int rolledBack) {}

  private ScaleBenchmark() {}

  /** Prints the table for the sizes in the first argument (default {@code 1,100,1000,10000}). */
  public static void main(String[] args) throws Exception {
    int[] sizes = args.length > 0
        ? Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
        : new int[] {1, 100, 1_000, 10_000};
    List<Row> rows = run(sizes, Duration.ofSeconds(2));
    print(rows, System.out);
    System.out.printf(Locale.ROOT, "max heap %d MB, %d cores%n", Runtime.getRuntime().maxMemory() / (1024 * 1024),
        Runtime.getRuntime().availableProcessors());
  }

  static List<Row> run(int[] sizes, Duration realReadyAfter) throws Exception {
    List<Row> rows = new ArrayList<>();
    for (int n : sizes) {
      VirtualTime time = VirtualTime.create();
      rows.add(measure("virtual time, 1 thread", n, time, time.executor(), time, Duration.ofSeconds(20)));
    }
    for (int n : sizes) {
      rows.add(onRealTime("real time, 1+4 threads", n, Executors.newFixedThreadPool(4), realReadyAfter));
    }
    if (virtualThreadsAvailable()) {
      for (int n : sizes) {
        rows.add(onRealTime("real time, 1+virtual threads", n, virtualThreads(), realReadyAfter));
      }
    }
    return rows;
  }

  /** Measures on one scheduler thread, with adapter calls on {@code adapters}, which it shuts down. */
  private static Row onRealTime(String setup, int n, ExecutorService adapters, Duration readyAfter)
      throws InterruptedException {
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    scheduler.setRemoveOnCancelPolicy(true);
    try {
      return measure(setup, n, TaskScheduler.of(scheduler), adapters, null, readyAfter);
    } finally {
      scheduler.shutdownNow();
      adapters.shutdownNow();
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
      adapters.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** Answers whether this Java (21 or later) has virtual threads. */
  static boolean virtualThreadsAvailable() {
    try {
      Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
      return true;
    } catch (NoSuchMethodException olderJava) {
      return false;
    }
  }

  /**
   * Returns a new virtual-thread-per-task executor; through reflection, as the module is built for
   * Java 17. Call only when {@link #virtualThreadsAvailable()}.
   */
  private static ExecutorService virtualThreads() {
    try {
      return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create a virtual-thread executor", e);
    }
  }

  private static Row measure(String setup, int n, TaskScheduler scheduler, Executor executor,
      @Nullable VirtualTime time, Duration readyAfter) {
    System.gc();
    resetPeaks();
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
    Script script = time == null ? Script.realTime() : Script.on(time);
    InMemoryVersionRegistry registry = InMemoryVersionRegistry.create(script);
    InMemoryClusterDriver cluster = InMemoryClusterDriver.create(script, 3, readyAfter);
    List<DeploymentRef> deployments = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      DeploymentRef d = DeploymentRef.of("prod", "shop", "svc-" + i);
      deployments.add(d);
      registry.history(d, InstantAdapters.V1, InstantAdapters.V2);
      cluster.running(d, "v2");
    }
    RollbackEngine engine = RollbackEngine.builder()
        .versionRegistry(registry)
        .clusterDriver(cluster)
        .smokeTester(InMemorySmokeTester.create(script))
        .notifier(new InstantAdapters(RunOutcome.ROLLED_BACK))
        .policy(RollbackPolicy.builder().readinessPoll(Duration.ofMillis(250), Duration.ofSeconds(1)).build())
        .scheduler(scheduler)
        .adapterExecutor(executor)
        .build();
    long start = System.nanoTime();
    List<CompletableFuture<RunResult>> runs = new ArrayList<>(n);
    for (DeploymentRef d : deployments) {
      runs.add(engine.start(d, TRIGGER));
    }
    // Half-way through the pods' start-up every run is waiting: measure what the waiting runs hold.
    if (time != null) {
      time.advance(readyAfter.dividedBy(2));
    } else {
      sleep(readyAfter.dividedBy(2));
    }
    long waitingHeap = liveHeapMb();
    CompletableFuture<Void> all = CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new));
    if (time != null) {
      time.runUntil(all);
    } else {
      all.join();
    }
    long wall = (System.nanoTime() - start) / 1_000_000;
    int threads = ManagementFactory.getThreadMXBean().getPeakThreadCount() - threadsBefore;
    int rolledBack = (int) runs.stream().filter(r -> r.join().outcome() == RunOutcome.ROLLED_BACK).count();
    return new Row(setup, n, wall, waitingHeap, peakHeapMb(), Math.max(0, threads), rolledBack);
  }

  private static void resetPeaks() {
    ManagementFactory.getThreadMXBean().resetPeakThreadCount();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static long peakHeapMb() {
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        bytes += pool.getPeakUsage().getUsed();
      }
    }
    return bytes / (1024 * 1024);
  }

  /** Heap in use after a full collection: what the program holds, not garbage not yet collected. */
  private static long liveHeapMb() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis()); // a program measuring real time, not a test waiting for an event
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static void print(List<Row> rows, PrintStream out) {
    out.printf(Locale.ROOT, "| %-28s | %7s | %8s | %21s | %12s | %13s | %11s |%n", "setup", "runs", "wall ms",
        "heap while waiting MB", "peak heap MB", "threads added", "rolled back");
    out.println("|---|---:|---:|---:|---:|---:|---:|");
    for (Row r : rows) {
      out.printf(Locale.ROOT, "| %-28s | %7d | %8d | %21d | %12d | %13d | %11d |%n", r.setup(), r.runs(),
          r.wallMillis(), r.waitingHeapMb(), r.peakHeapMb(), r.threadsAdded(), r.rolledBack());
    }
  }
}
