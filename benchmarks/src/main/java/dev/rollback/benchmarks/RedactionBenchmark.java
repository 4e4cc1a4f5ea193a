package dev.rollback.benchmarks;

import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.internal.format.Redaction;
import dev.rollback.core.postmortem.Postmortem;
import dev.rollback.testkit.Behavior;
import dev.rollback.testkit.Op;
import dev.rollback.testkit.TestRig;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Redaction cost by the size of an adapter's text (issue 12): {@link Redaction#whole} of the whole
 * text, {@link Redaction#text} (what a postmortem field keeps: bounded), and the Markdown draft of
 * a run whose failed step carries the text as its cause. Two shapes: {@code log}, log lines with
 * secrets in them; {@code adversarial}, the repeated shapes that made the old regexes backtrack.
 */
@SuppressWarnings("NullAway.Init") // JMH initialises the state in @Setup
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RedactionBenchmark {
  private static final String LOG_LINE = "2026-01-01T00:00:00Z ERROR POST https://ci:pa55@api.example.com/v1/orders"
      + " failed: status=503 body={\"error\": \"unavailable\", \"accessToken\": \"abc def ghi\"} Authorization:"
      + " Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln retrying in 2s (attempt 3 of 5)\n";
  private static final String ADVERSARIAL_UNIT = "eyJaaaaa-xoxb-a_password.";

  @Param({"1024", "65536", "1048576"})
  public int size;

  @Param({"log", "adversarial"})
  public String shape;

  private String text;
  private RunResult run;

  @Setup
  public void setUp() {
    text = text(shape, size);
    run = runFailingWith(text);
  }

  /** Returns {@code size} characters of the shape. */
  static String text(String shape, int size) {
    String unit = switch (shape) {
      case "log" -> LOG_LINE;
      case "adversarial" -> ADVERSARIAL_UNIT;
      default -> throw new IllegalArgumentException("shape: " + shape + " is neither log nor adversarial");
    };
    return unit.repeat(size / unit.length() + 1).substring(0, size);
  }

  /** Returns a run whose Cleanup step failed with {@code message}: the message is a cause in the postmortem. */
  static RunResult runFailingWith(String message) {
    TestRig rig = TestRig.create();
    rig.script().then(Op.CLEANUP, Behavior.fail(message));
    return rig.run(Trigger.manual("bench@example.com", "redaction benchmark"));
  }

  /**
   * Prints the thread CPU time per operation of each benchmark at each size and shape, after a
   * warm-up round: CPU time, unlike JMH's wall time, hardly changes when other processes load the
   * machine. Run with the benchmark classpath, no arguments.
   */
  public static void main(String[] args) {
    java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
    System.out.println("| shape | size | whole: CPU per op | field: CPU per op | draft: CPU per op |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (int round = 0; round < 2; round++) {
      for (String shape : new String[] {"log", "adversarial"}) {
        for (int size : new int[] {1024, 65536, 1048576}) {
          RedactionBenchmark b = new RedactionBenchmark();
          b.shape = shape;
          b.size = size;
          b.setUp();
          int reps = Math.max(5, 20_000_000 / size);
          long sink = 0;
          long t0 = cpu.getCurrentThreadCpuTime();
          for (int i = 0; i < reps; i++) {
            sink += b.whole().length();
          }
          long t1 = cpu.getCurrentThreadCpuTime();
          for (int i = 0; i < reps; i++) {
            sink += b.field().length();
          }
          long t2 = cpu.getCurrentThreadCpuTime();
          for (int i = 0; i < reps; i++) {
            sink += b.draft().length();
          }
          long t3 = cpu.getCurrentThreadCpuTime();
          if (round == 1) {
            System.out.printf(java.util.Locale.ROOT, "| %s | %,d | %,.1f µs | %,.1f µs | %,.1f µs |%n", shape, size,
                (t1 - t0) / 1e3 / reps, (t2 - t1) / 1e3 / reps, (t3 - t2) / 1e3 / reps);
          }
          if (sink == 42) {
            System.out.println(); // keeps the results alive
          }
        }
      }
    }
  }

  /** Redacts the whole text: linear in its length. */
  @Benchmark
  public String whole() {
    return Redaction.whole(text);
  }

  /** Redacts the text as a postmortem field keeps it: at most {@link Redaction#LIMIT} characters. */
  @Benchmark
  public String field() {
    return Redaction.text(text);
  }

  /** Builds the postmortem of a run whose failed step's cause is the text, and renders its Markdown. */
  @Benchmark
  public String draft() {
    return Postmortem.of(run).markdown();
  }
}
